"""Class 8: no token, password or session id in any log line we write. The logs of a real
password reset and a real invitation are captured and searched for the token."""

import datetime
import io
import logging
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.invitations import invite_member
from accounts.models import Membership
from registry.web.log_redaction import RedactingGunicornLogger, redact

TOKEN = re.compile(r"/(?:password/reset|invitation)/([^/\s]+)/([^/\s]+)/")


@pytest.fixture
def site_log():
    """What the configured handler (registry.settings.LOGGING) writes, its filters included."""
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "stdout")
    stream = io.StringIO()
    old_stream = handler.setStream(stream)
    old_level = logging.getLogger().level
    logging.getLogger().setLevel(logging.INFO)
    yield stream
    logging.getLogger().setLevel(old_level)
    handler.setStream(old_stream)


def gunicorn_access_line(path: str, *, referer: str = "-", cookie: str = "") -> str:
    """The access log line gunicorn writes with gunicorn.conf.py's format and logger class."""
    from gunicorn.config import Config

    config = Config()
    namespace: dict = {}
    exec(Path("gunicorn.conf.py").read_text(), namespace)  # noqa: S102 -- our own configuration
    config.set("access_log_format", namespace["access_log_format"])
    config.set("accesslog", "-")
    assert namespace["logger_class"] == "registry.web.log_redaction.RedactingGunicornLogger"
    logger = RedactingGunicornLogger(config)
    stream = io.StringIO()
    logger.access_log.handlers[0].setStream(stream)
    raw_path, _sep, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": "GET", "RAW_URI": path, "PATH_INFO": raw_path, "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "10.0.0.1", "HTTP_REFERER": referer,
        "HTTP_USER_AGENT": "probe", "HTTP_COOKIE": cookie,
    }  # fmt: skip
    response = SimpleNamespace(status="200 OK", sent=10, headers=[("X-Request-ID", "abc")])
    request = SimpleNamespace(headers=[("REFERER", referer), ("COOKIE", cookie)])
    logger.access(response, request, environ, datetime.timedelta(milliseconds=5))
    return stream.getvalue()


def secrets_of(link: str) -> list[str]:
    uid, token = TOKEN.search(link).groups()
    return [uid, token]


def test_a_password_reset_leaves_no_token_in_any_log(client, editor, site_log, run_jobs):
    client.post(reverse("accounts:password-reset"), {"email": editor.email.upper()})
    run_jobs()
    link = re.search(r"https?://\S+", mail.outbox[-1].body).group()
    path = link.split("://", 1)[1].split("/", 1)[1]
    path = "/" + path
    strict = Client(enforce_csrf_checks=True)  # a 403, which Django logs with its path
    strict.post(path, {"new_password1": "x", "new_password2": "x"})
    client.get(path, follow=True)
    line = gunicorn_access_line(path, referer=f"https://registry.example{path}")
    written = site_log.getvalue() + line
    assert "[redacted]" in written
    for secret in secrets_of(path):
        assert secret not in written


def test_an_invitation_leaves_no_token_in_any_log(
    client, ministry_admin, ministry_a, site_log, run_jobs
):
    invite_member(
        by=ministry_admin, ministry=ministry_a, email="Neo@MFIN.example.org",
        full_name="Neo Member", role=Membership.Role.EDITOR,
    )  # fmt: skip
    run_jobs()
    link = re.search(r"https?://\S+", mail.outbox[-1].body).group()
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    Client(enforce_csrf_checks=True).post(path, {"new_password1": "x"})
    client.get(path)
    written = site_log.getvalue() + gunicorn_access_line(path)
    for secret in secrets_of(path):
        assert secret not in written


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("/fr/account/password/reset/MQ/cz6g5k-0123456789abcdef0123456789abcdef/", "cz6g5k-0123"),
        ("/en/workspace/invitation/Mw/set-password/", "Mw"),
        ("/api/v1/accounts/?token=s3cr3t&page=2", "s3cr3t"),
        ("/x?password=hunter2", "hunter2"),
        ("/x?sessionid=abcdef123&a=1", "abcdef123"),
        ("/callback?code=oidc-code-123&state=1", "oidc-code-123"),
    ],
)
def test_secrets_in_paths_and_query_parameters_are_redacted(text, secret):
    assert secret not in redact(text)


def test_the_access_log_never_writes_a_session_cookie():
    line = gunicorn_access_line("/fr/", cookie="sessionid=supersecretsession")
    assert "supersecretsession" not in line


def test_ordinary_paths_are_logged_as_they_are():
    assert redact("/fr/accounts/12/?page=2&q=gouv") == "/fr/accounts/12/?page=2&q=gouv"
