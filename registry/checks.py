"""The registry's own deployment checks (`manage.py check --deploy`, `make check-deploy`)."""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def check_site_url(app_configs, **kwargs) -> list[Error]:
    """SITE_URL is the address in every e-mail, `og:image`, Mastodon link back and open-data
    file: in production it must be the site's public HTTPS address, never the default."""
    parts = urlsplit(settings.SITE_URL)
    host = parts.hostname or ""
    if parts.scheme == "https" and host and not _is_local(host):
        return []
    return [
        Error(
            f"SITE_URL is {settings.SITE_URL!r}: set it to the site's public https:// address.",
            hint="Every e-mail, share card, Mastodon link back and open-data file names it.",
            id="registry.E001",
        )
    ]


def _is_local(host: str) -> bool:
    if host == "localhost" or host.endswith((".localhost", ".local")):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_private or address.is_unspecified
