"""schema.org JSON-LD (issue 32.6): the ministry is a GovernmentOrganization whose sameAs lists
its verified accounts; an account's page names its owner; the ministry's staff page gives the
block its own site should publish."""

import json
import re

from django.urls import reverse

from registry.models import Status

LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def json_ld(response) -> dict:
    found = LD.findall(response.content.decode())
    assert len(found) == 1
    return json.loads(found[0])


def test_the_ministry_page_lists_its_verified_accounts_as_same_as(client, make_entry, ministry_a):
    verified = make_entry(Status.VERIFIED)
    suspended = make_entry(Status.SUSPENDED)
    data = json_ld(client.get(reverse("public:ministry", kwargs={"slug": ministry_a.slug})))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "GovernmentOrganization"
    assert data["sameAs"] == [verified.url]
    assert suspended.url not in data["sameAs"]


def test_an_account_page_names_its_owner(client, verified_entry):
    data = json_ld(client.get(reverse("public:account", args=[verified_entry.pk])))
    owner = data["about"]
    assert owner["name"] == verified_entry.service.name
    assert owner["parentOrganization"]["name"] == verified_entry.service.ministry.name
    assert owner["sameAs"] == [verified_entry.url]


def test_a_suspended_account_is_not_claimed_as_the_ministrys(client, make_entry):
    entry = make_entry(Status.SUSPENDED)
    data = json_ld(client.get(reverse("public:account", args=[entry.pk])))
    assert "sameAs" not in data["about"]


def test_text_in_the_block_cannot_close_the_script(client, make_entry):
    entry = make_entry(Status.VERIFIED, display_name="</script><script>alert(1)</script>")
    body = client.get(reverse("public:account", args=[entry.pk])).content.decode()
    assert "</script><script>alert(1)" not in body
    assert json_ld(client.get(reverse("public:account", args=[entry.pk])))["name"].startswith("</")


def test_the_ministry_admin_gets_the_snippet_for_the_ministrys_site(
    client, ministry_admin, ministry_a, make_entry
):
    verified = make_entry(Status.VERIFIED)
    client.force_login(ministry_admin)
    body = client.get(reverse("workspace:members", kwargs={"slug": ministry_a.slug})).content
    text = body.decode()
    assert "application/ld+json" in text and verified.url in text
