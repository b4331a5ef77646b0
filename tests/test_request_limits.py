"""The server's limits agree with the API's (issue 33.6): a valid `url` of 2,000 accented
letters reaches the API through the real gunicorn configuration, and a longer address gets the
site's own 414 (a problem document under /api/), never gunicorn's HTML page."""

from urllib.parse import quote

import requests
from django.conf import settings

from registry.api.views import MAX_URL_LENGTH
from registry.web.problems import PROBLEM_JSON

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
