"""No token, password or session id in a log line.

A password-reset or invitation link carries its token in the path, and a token read from a log
sets a password. Every line we write goes through `redact`: Django's loggers through
`RedactSecretsFilter` (on the one handler, registry.settings.LOGGING; in JSON, every field
through `RedactingJsonFormatter`) and gunicorn's access and error logs through
`RedactingGunicornLogger` (gunicorn.conf.py).
"""

import json
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


def _json_formatter_base():
    from pythonjsonlogger.json import JsonFormatter

    return JsonFormatter


class RedactingJsonFormatter(_json_formatter_base()):
    """One JSON object per line. Extra attributes (Django puts the request object on its
    lines) are written as text, and every text value is redacted like a message."""

    def process_log_record(self, log_record: dict) -> dict:
        for key, value in log_record.items():
            if value is not None and not isinstance(value, (str, int, float, bool)):
                value = str(value)
            log_record[key] = redact(value) if isinstance(value, str) else value
        return super().process_log_record(log_record)


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

    def setup(self, cfg):
        super().setup(cfg)
        if _log_format() == "json":  # the error log as Django's lines (settings.LOGGING)
            formatter = RedactingJsonFormatter(
                "%(asctime)s %(levelname)s %(name)s %(message)s",
                rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
            )
            access_handlers = set(self.access_log.handlers)
            for handler in self.error_log.handlers:
                if handler not in access_handlers:  # access lines are JSON already
                    handler.setFormatter(formatter)

    def access(self, resp, req, environ, request_time):
        if _log_format() != "json" or not (self.cfg.accesslog or self.cfg.logconfig):
            return super().access(resp, req, environ, request_time)
        atoms = self.atoms(resp, req, environ, request_time)
        line = {
            "time": atoms["t"], "level": "INFO", "logger": "gunicorn.access",
            "client": atoms["h"], "request": atoms["r"], "status": atoms["s"],
            "bytes": atoms["B"], "duration_ms": round(request_time.total_seconds() * 1000, 1),
            "request_id": atoms.get("{x-request-id}o", "-"), "user_agent": atoms["a"],
        }  # fmt: skip
        self.access_log.info(json.dumps(line, ensure_ascii=False))
        return None


def _log_format() -> str:
    from django.conf import settings

    return getattr(settings, "LOG_FORMAT", "text")


def _proxy_count() -> int:
    from django.conf import settings

    return getattr(settings, "TRUSTED_PROXY_COUNT", 0)
