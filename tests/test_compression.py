"""Compression of what carries no secret, and only that (BREACH): public pages, the API, open
data and the feed are compressed (brotli where accepted, else gzip); a page with a CSRF token
or a signed-in person's data is sent as it is."""

import gzip

import brotli
import pytest
from django.urls import reverse

from registry.models import Status
from registry.web.compression import MIN_LENGTH, accepted_codings
from tests.conftest import content_of

PUBLIC = [
    "/en/",
    "/en/verify/",
    "/en/feed/",
    "/api/v1/accounts/",
    "/open-data/accounts.csv",
    "/open-data/accounts.json",
    "/open-data/datapackage.json",
    "/sitemap-accounts.xml",
]


def decoded(response) -> bytes:
    body = content_of(response)
    coding = response.get("Content-Encoding")
    if coding == "br":
        return brotli.decompress(body)
    if coding == "gzip":
        return gzip.decompress(body)
    return body


@pytest.fixture
def public_entries(make_entry, verified_entry, closed_entry):
    # Enough for the lists to be longer than one packet (shorter answers are not compressed).
    return [verified_entry, closed_entry, *(make_entry(Status.VERIFIED) for _ in range(4))]


@pytest.mark.parametrize("path", PUBLIC)
@pytest.mark.parametrize(("accept", "coding"), [("gzip, deflate, br", "br"), ("gzip", "gzip")])
def test_public_answers_are_compressed_with_the_best_accepted_coding(
    client, public_entries, path, accept, coding
):
    plain = client.get(path)
    compressed = client.get(path, HTTP_ACCEPT_ENCODING=accept)
    assert compressed.status_code == 200
    assert compressed["Content-Encoding"] == coding
    assert "Accept-Encoding" in compressed["Vary"]
    assert decoded(compressed) == content_of(plain)
    assert "Content-Encoding" not in plain


@pytest.mark.parametrize(
    "path", ["/en/", "/fr/verify/?url=https://x.com/gouvtest", "/api/v1/accounts/"]
)
def test_a_kept_answer_is_sent_in_each_coding_asked_for(client, public_entries, path):
    # The first answer is the view's; the others are kept answers, compressed once per coding.
    plain = content_of(client.get(path))
    for accept, coding in [("br", "br"), ("gzip", "gzip"), ("br", "br"), ("", None)]:
        response = client.get(path, HTTP_ACCEPT_ENCODING=accept)
        assert response.get("Content-Encoding") == coding
        assert decoded(response) == plain
        assert int(response["Content-Length"]) == len(response.content)
        assert "Accept-Encoding" in response["Vary"]


@pytest.mark.parametrize(
    "path", ["/api/v1/platforms/", "/api/v1/verify/?url=https://x.com/gouvtest"]
)
def test_an_answer_that_fits_in_one_packet_is_sent_as_it_is(client, public_entries, path):
    response = client.get(path, HTTP_ACCEPT_ENCODING="gzip, br")
    assert response.status_code == 200
    assert len(response.content) < MIN_LENGTH
    assert "Content-Encoding" not in response


def test_a_client_that_refuses_brotli_gets_gzip(client, public_entries):
    response = client.get("/en/", HTTP_ACCEPT_ENCODING="br;q=0, gzip;q=0.8")
    assert response["Content-Encoding"] == "gzip"


def test_a_compressed_page_still_revalidates_with_its_etag(client, public_entries):
    first = client.get("/en/", HTTP_ACCEPT_ENCODING="br")
    assert first["ETag"].startswith('W/"')
    again = client.get("/en/", HTTP_ACCEPT_ENCODING="br", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_the_sign_in_page_with_its_csrf_token_is_not_compressed(client, db):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_ENCODING="gzip, br")
    assert b"csrfmiddlewaretoken" in response.content
    assert "Content-Encoding" not in response


def test_the_public_report_form_with_its_csrf_token_is_not_compressed(client, db):
    response = client.get(reverse("public:report"), HTTP_ACCEPT_ENCODING="gzip, br")
    assert b"csrfmiddlewaretoken" in response.content
    assert "Content-Encoding" not in response


def test_a_workspace_page_is_not_compressed(client, editor, verified_entry):
    client.force_login(editor)
    response = client.get(reverse("workspace:home"), HTTP_ACCEPT_ENCODING="gzip, br")
    assert response.status_code == 200
    assert b"csrfmiddlewaretoken" in response.content  # its sign-out form
    assert "Content-Encoding" not in response


def test_a_public_page_seen_by_a_signed_in_person_is_not_compressed(client, editor, public_entries):
    client.force_login(editor)
    response = client.get("/en/", HTTP_ACCEPT_ENCODING="gzip, br")
    assert response.status_code == 200
    assert "Content-Encoding" not in response


@pytest.mark.parametrize(
    ("header", "accepted"),
    [
        ("gzip, deflate, br", {"gzip", "deflate", "br"}),
        ("br;q=0, gzip;q=0.5", {"gzip"}),
        ("*", {"*"}),
        ("", set()),
        ("gzip;q=abc, br", {"br"}),
    ],
)
def test_accept_encoding_is_read_with_its_qualities(header, accepted):
    assert accepted_codings(header) == accepted
