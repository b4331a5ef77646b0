"""Who the client is: the one rule for its network address.

Behind `DJANGO_TRUSTED_PROXY_COUNT` proxies, each proxy appends the address it received the
request from to X-Forwarded-For, so the client is the N-th address from the right; anything to
its left was written by the client and proves nothing. With no trusted proxy, the client is
REMOTE_ADDR. The report form's limit, django-axes, the API throttle and the logs all ask here.
"""

import ipaddress
from collections.abc import Mapping

from django.conf import settings


def client_address(request) -> str:
    """The client's address for limits and logs (also AXES_CLIENT_IP_CALLABLE)."""
    return address_from(request.META, getattr(settings, "TRUSTED_PROXY_COUNT", 0))


def address_from(meta: Mapping, proxy_count: int) -> str:
    """The same rule over a WSGI environ (gunicorn's access log has no Django request)."""
    remote = _valid(meta.get("REMOTE_ADDR", "")) or ""
    if proxy_count <= 0:
        return remote
    forwarded = [part.strip() for part in meta.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if not forwarded:
        return remote
    return _valid(forwarded[-min(proxy_count, len(forwarded))]) or remote


def _valid(text: str) -> str | None:
    """`text` as a normalised IP address, or None when it is not one (a forged header)."""
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None
