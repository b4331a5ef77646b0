"""GET /api/v1/ministries/ and /api/v1/platforms/: what the register covers, with public counts."""

import pytest

from registry.links import PLATFORMS
from registry.models import Status


@pytest.fixture
def counted(make_entry, service_a, service_b):
    """Ministry A: two public entries and a draft; ministry B: one closed, one rejected."""
    make_entry(Status.VERIFIED)
    make_entry(Status.SUSPENDED, platform="instagram")
    make_entry(Status.DRAFT)
    make_entry(Status.CLOSED, service=service_b)
    make_entry(Status.REJECTED, service=service_b)


def test_ministries_list_their_services_and_public_counts(client, counted):
    response = client.get("/api/v1/ministries/", {"lang": "en"})
    assert response.status_code == 200
    assert response.json() == [
        {
            "slug": "finances",
            "name": "Ministry of Finance",
            "short_name": "MFIN",
            "website": "https://mfin.example.org",
            "public_accounts": 2,
            "page_url": "http://testserver/en/ministries/finances/",
            "services": [
                {"slug": "contributions", "name": "Inland Revenue", "kind": "administration",
                 "public_accounts": 2},
            ],
        },
        {
            "slug": "sante",
            "name": "Ministry of Health",
            "short_name": "MSAN",
            "website": "https://msan.example.org",
            "public_accounts": 1,
            "page_url": "http://testserver/en/ministries/sante/",
            "services": [
                {"slug": "sante-communication", "name": "Communication (Health)",
                 "kind": "communication", "public_accounts": 1},
            ],
        },
    ]  # fmt: skip


def test_ministry_names_follow_the_language(client, counted):
    names = [m["name"] for m in client.get("/api/v1/ministries/", {"lang": "de"}).json()]
    assert names == ["Finanzministerium", "Gesundheitsministerium"]
    names = [m["name"] for m in client.get("/api/v1/ministries/", {"lang": "fr"}).json()]
    assert names == ["Ministère de la Santé", "Ministère des Finances"]


def test_platforms_list_every_platform_with_public_counts(client, counted):
    response = client.get("/api/v1/platforms/")
    assert response.status_code == 200
    body = response.json()
    assert [p["slug"] for p in body] == list(PLATFORMS)
    counts = {p["slug"]: p["public_accounts"] for p in body}
    assert counts["x"] == 2
    assert counts["instagram"] == 1
    assert counts["youtube"] == 0
    assert {"slug": "x", "name": "X (Twitter)", "public_accounts": 2} in body


@pytest.mark.parametrize("language", ["lb", "fr", "de", "en"])
def test_the_ministries_answer_in_every_interface_language(client, verified_entry, language):
    """Luxembourgish has no name column of its own: its readers get the French names' order."""
    response = client.get("/api/v1/ministries/", {"lang": language})
    assert response.status_code == 200
    assert response.json()[0]["slug"] == verified_entry.service.ministry.slug
