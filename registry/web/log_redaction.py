"""No token, password or session id in a log line.

A password-reset or invitation link carries its token in the path, and a token read from a log
sets a password. Every line we write goes through `redact`: Django's loggers through
`RedactSecretsFilter` (on the one handler, registry.settings.LOGGING) and gunicorn's access log
through `RedactingGunicornLogger` (gunicorn.conf.py).
"""

import logging
import re

REDACTED = "[redacted]"

# The routes whose path holds a secret: /<lang>/account/password/reset/<uid>/<token>/ and
# /<lang>/workspace/invitation/<uid>/<token>/ (and whatever follows them).
_SECRET_ROUTE = re.compile(
    r"(/(?:password/reset|invitation)/)(?!sent/|complete/)[^/\s?#\"']+/[^/\s?#\"']+"
)
# A Django token anywhere (timestamp in base 36, a dash, a hex digest): other routes, referers.
_DJANGO_TOKEN = re.compile(r"\b[0-9a-z]{1,13}-[0-9a-f]{20,}\b")
# A query parameter whose name says it is a secret: its value goes.
_SECRET_PARAMETER = re.compile(
    r"([?&;][^=&\s\"']*(?:token|passw|pwd|secret|session|csrf|code|otp|key|sig|auth)[^=&\s\"']*=)"
    r"[^&;\s\"'#]*",
    re.IGNORECASE,
)


def redact(text: str) -> str:
    """`text` (a path, a request line, a whole log message) with its secrets replaced."""
    if "/" not in text and "=" not in text and "-" not in text:
        return text
    text = _SECRET_ROUTE.sub(rf"\g<1>{REDACTED}/{REDACTED}", text)
    text = _DJANGO_TOKEN.sub(REDACTED, text)
    return _SECRET_PARAMETER.sub(rf"\g<1>{REDACTED}", text)


class RedactSecretsFilter(logging.Filter):
    """Rewrites a record's message (its arguments merged in) when it holds a secret."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: let logging report it as it would
            return True
        safe = redact(message)
        if safe != message:
            record.msg, record.args = safe, ()
        return True


try:
    from gunicorn.glogging import Logger as _GunicornLogger
except ImportError:  # gunicorn is not installed where only the Django app runs
    _GunicornLogger = object


class RedactingGunicornLogger(_GunicornLogger):
    """Gunicorn's access log with the request's secrets redacted and the client's address
    decided by registry.web.client_address (the same rule as every limit)."""

    # Headers that are secrets whole (a format naming them logs "[redacted]").
    _SECRET_HEADERS = re.compile(
        r"\{(http_)?(cookie|authorization|proxy-authorization|set-cookie)\}[ioe]"
    )

    def atoms(self, resp, req, environ, request_time):
        from registry.web.client_address import address_from

        values = super().atoms(resp, req, environ, request_time)
        for key, value in values.items():
            if self._SECRET_HEADERS.fullmatch(key.replace("_", "-").replace("http-", "http_")):
                values[key] = REDACTED
            elif isinstance(value, str):
                values[key] = redact(value)  # the request line, path, query, referer…
        values["h"] = address_from(environ, _proxy_count()) or values.get("h", "-")
        return values


def _proxy_count() -> int:
    from django.conf import settings

    return getattr(settings, "TRUSTED_PROXY_COUNT", 0)
