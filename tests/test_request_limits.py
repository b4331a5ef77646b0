"""The server's limits agree with the API's (issue 33.6): a valid `url` of 2,000 accented
letters reaches the API through the real gunicorn configuration, and a longer address gets the
site's own 414 (a problem document under /api/), never gunicorn's HTML page."""

import os
import select
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
from django.conf import settings
from django.db import connection

from registry.api.views import MAX_URL_LENGTH
from registry.problems import PROBLEM_JSON
from tests.smtp_relay import free_port

ROOT = Path(__file__).resolve().parent.parent
VERIFY = "/api/v1/verify/"


def verify_target(url: str) -> str:
    return f"{VERIFY}?url={quote(url)}&lang=en"


def test_the_longest_valid_url_fits_the_request_target_limit():
    widest = "https://x.com/" + "\U0001f600" * (MAX_URL_LENGTH - len("https://x.com/"))
    assert len(verify_target(widest)) <= settings.MAX_REQUEST_TARGET


def test_a_target_over_the_limit_gets_the_apis_414(client, db):
    response = client.get(VERIFY, {"url": "https://x.com/" + "a" * settings.MAX_REQUEST_TARGET})
    assert response.status_code == 414
    assert response["Content-Type"].startswith(PROBLEM_JSON)
    assert response.json()["code"] == "uri_too_long"


def test_a_page_over_the_limit_gets_the_sites_414_page(client, db):
    response = client.get("/en/verify/", {"url": "a" * settings.MAX_REQUEST_TARGET})
    assert response.status_code == 414
    assert "Address too long" in response.content.decode()


@pytest.fixture
def gunicorn(transactional_db):
    """The registry under gunicorn with its own configuration file, on a free port."""
    port = free_port()
    database = connection.settings_dict
    env = {
        **os.environ,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
        "GUNICORN_ACCESSLOG": "",
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}"
        f"/{database['NAME']}",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        # The master listens before it forks: from then on a request waits for the worker.
        lines = []
        while not any("Listening at" in line for line in lines):
            ready, _, _ = select.select([process.stderr], [], [], 30)
            assert ready and process.poll() is None, "gunicorn did not start: " + "".join(lines)
            lines.append(process.stderr.readline().decode())
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_gunicorn_passes_a_valid_url_of_714_accented_letters_to_the_api(gunicorn):
    url = "https://x.com/" + "é" * 714
    response = requests.get(gunicorn + verify_target(url), timeout=10)
    assert response.headers["Content-Type"].startswith(("application/json", PROBLEM_JSON))
    assert response.status_code in (200, 400)  # the API's own verdict, not the server's limit


def test_gunicorn_leaves_a_too_long_address_to_the_api_s_json_414(gunicorn):
    url = "https://x.com/" + "é" * 6000
    response = requests.get(gunicorn + verify_target(url), timeout=10)
    assert response.status_code == 414
    assert response.headers["Content-Type"].startswith(PROBLEM_JSON)
