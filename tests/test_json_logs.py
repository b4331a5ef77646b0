"""Structured logs (issue 33.2): one JSON object per line, with the request id, the route, the
status and the duration, secrets still redacted; gunicorn's access log in JSON too."""

import io
import json
import logging

import pytest
from django.conf import settings

from tests.test_log_redaction import gunicorn_access_line


@pytest.fixture
def json_log():
    """What the configured handler (settings.LOGGING, JSON when debug is off) writes."""
    assert settings.LOG_FORMAT == "json"
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "stdout")
    stream = io.StringIO()
    old_stream = handler.setStream(stream)
    requests_logger = logging.getLogger("registry.requests")
    old_level = requests_logger.level
    requests_logger.setLevel(logging.INFO)
    yield stream
    requests_logger.setLevel(old_level)
    handler.setStream(old_stream)


def lines(stream) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


def test_each_request_is_one_json_line_with_its_id_route_status_and_duration(client, db, json_log):
    response = client.get("/en/verify/")
    [line] = [line for line in lines(json_log) if line["logger"] == "registry.requests"]
    assert line["request_id"] == response["X-Request-ID"]
    assert (line["route"], line["status"], line["method"]) == ("public:verify", 200, "GET")
    assert line["duration_ms"] >= 0
    assert {"time", "level", "message"} <= line.keys()


def test_a_secret_is_redacted_in_the_json_lines_too(client, db, json_log):
    logging.getLogger("registry").warning(
        "reset at /fr/account/password/reset/MQ/abc-0123456789abcdef0123/"
    )
    text = json_log.getvalue()
    assert "abc-0123456789abcdef0123" not in text
    assert "[redacted]" in lines(json_log)[-1]["message"]


def test_gunicorns_access_log_is_json_with_the_request_id_and_no_secret():
    written = gunicorn_access_line("/fr/account/password/reset/MQ/abc-0123456789abcdef0123/")
    last = written.splitlines()[-1]
    line = json.loads(last[last.index("{") :])  # pytest's own capture may prefix the line
    assert line["logger"] == "gunicorn.access"
    assert line["request_id"] == "abc"
    assert line["status"] == "200"
    assert "abc-0123456789abcdef0123" not in json.dumps(line)


def test_make_run_keeps_plain_text(settings):
    from registry.settings import LOGGING

    assert LOGGING["formatters"]["text"]["format"].startswith("%(asctime)s")
    # settings.py picks "text" when debug is on (make run) unless LOG_FORMAT says otherwise.
