"""Security headers on every page: a strict CSP, no framing, a referrer policy, HSTS over HTTPS."""

import re

import pytest
from django.urls import reverse

PAGES = [
    "/fr/",
    "/de/verify/",
    "/en/accessibility/",
    "/fr/privacy/",
    "/fr/account/login/",
    "/fr/account/password/reset/",
    "/fr/no-such-page/",  # the 404 page
    "/healthz",
]


@pytest.fixture
def responses(client, db):
    return {url: client.get(url) for url in PAGES}


def csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    parts = (part.strip().split() for part in header.split(";") if part.strip())
    return {words[0]: words[1:] for words in parts}


@pytest.mark.parametrize("url", PAGES)
def test_every_page_answers_without_a_server_error(responses, url):
    assert responses[url].status_code in (200, 404)


@pytest.mark.parametrize("url", PAGES)
def test_every_page_forbids_inline_script_and_any_other_origin(responses, url):
    directives = csp_directives(responses[url])
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    header = responses[url]["Content-Security-Policy"]
    assert "unsafe-inline" not in header
    assert "unsafe-eval" not in header
    assert not re.search(r"https?:|\*", header), header


@pytest.mark.parametrize("url", PAGES)
def test_every_page_refuses_framing_and_sniffing_and_limits_the_referrer(responses, url):
    response = responses[url]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_pages_contain_no_inline_script_or_style_attribute(responses):
    for url, response in responses.items():
        if response["Content-Type"].startswith("text/html"):
            html = response.content.decode()
            assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
            assert " style=" not in html, url
            assert not re.search(r"\son[a-z]+=", html), url


def test_https_responses_carry_hsts_for_a_year_with_subdomains(client, db):
    response = client.get(reverse("public:directory"), secure=True)
    hsts = response["Strict-Transport-Security"]
    assert "max-age=31536000" in hsts
    assert "includeSubDomains" in hsts
    assert "preload" in hsts


def test_the_session_and_csrf_cookies_are_secure_and_the_session_cookie_is_http_only(
    client, editor
):
    response = client.post(
        reverse("accounts:login"),
        {
            "username": editor.email,
            "password": "correct horse battery staple 42",
            "next": "/fr/account/",
        },
        secure=True,
    )
    assert response.cookies["sessionid"]["secure"]
    assert response.cookies["sessionid"]["httponly"]
    assert response.cookies["sessionid"]["samesite"] == "Lax"
    assert response.cookies["csrftoken"]["secure"]


def test_the_second_factor_page_draws_its_qr_code_within_the_policy(client, reviewer):
    """The QR code is inline SVG markup: no script, no style attribute, no data from elsewhere."""
    client.force_login(reviewer)
    response = client.get(reverse("accounts:two-factor"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in html and "<script" not in html and " style=" not in html
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["Cache-Control"].startswith("max-age=0")  # the secret is not cached
