"""The offline list's `entries`: every public entry with what the browser extension shows
(status, notice, owner, permanent id, accepted aliases). docs/offline-list.md describes it."""

import json

from django.utils import timezone

from registry.models import EntryAlias, Status, WatchState


def entries_of(client) -> dict[str, dict]:
    body = json.loads(client.get("/.well-known/official-accounts.json").content)
    return {row["handle"]: row for row in body["entries"]}


def test_the_list_keeps_its_scanner_fields_and_adds_every_public_entry(client, make_entry):
    shown = [make_entry(s) for s in (Status.VERIFIED, Status.SUSPENDED, Status.CLOSED)]
    hidden = [make_entry(s) for s in (Status.DRAFT, Status.SUBMITTED, Status.REJECTED)]
    body = json.loads(client.get("/.well-known/official-accounts.json").content)
    assert {"publisher", "count", "accounts"} <= set(body)
    handles = {row["handle"] for row in body["entries"]}
    assert handles == {entry.handle for entry in shown}
    assert not handles & {entry.handle for entry in hidden}


def test_an_official_entry_names_its_service_ministry_and_page(client, make_entry, service_a):
    entry = make_entry(Status.VERIFIED, platform_account_id="783214")
    row = entries_of(client)[entry.handle]
    assert row == {
        "platform": "x",
        "handle": entry.handle,
        "url": entry.url,
        "permanent_id": "783214",
        "aliases": [],
        "status": "official",
        "notice": "",
        "display_name": entry.display_name,
        "service": {"fr": service_a.name_fr, "de": service_a.name_de, "en": service_a.name_en},
        "ministry": {
            "fr": service_a.ministry.name_fr,
            "de": service_a.ministry.name_de,
            "en": service_a.ministry.name_en,
        },
        "page": f"http://127.0.0.1:8000/fr/accounts/{entry.pk}/",
    }


def test_suspended_and_closed_entries_carry_their_public_notice(client, make_entry):
    suspended = make_entry(Status.SUSPENDED, public_notice="Compte piraté.")
    closed = make_entry(Status.CLOSED, public_notice="Remplacé.")
    rows = entries_of(client)
    assert (rows[suspended.handle]["status"], rows[suspended.handle]["notice"]) == (
        "suspended",
        "Compte piraté.",
    )
    assert (rows[closed.handle]["status"], rows[closed.handle]["notice"]) == ("closed", "Remplacé.")


def test_an_account_gone_from_its_platform_is_listed_as_gone(client, make_entry):
    entry = make_entry(Status.VERIFIED)
    WatchState.objects.create(entry=entry, gone_since=timezone.now())
    assert entries_of(client)[entry.handle]["status"] == "gone"


def test_a_handle_that_left_the_account_is_never_listed_official(client, make_entry):
    entry = make_entry(Status.VERIFIED)
    WatchState.objects.create(entry=entry, handle_lost_at=timezone.now())
    assert entries_of(client)[entry.handle]["status"] == "handle_changed"


def test_only_accepted_aliases_are_listed(client, make_entry):
    entry = make_entry(Status.VERIFIED)
    for key, status in (("id:99", EntryAlias.Status.ACCEPTED), ("old", EntryAlias.Status.PROPOSED)):
        EntryAlias.objects.create(
            entry=entry, platform="x", key=key, url=f"https://x.com/{key}", status=status,
            source=EntryAlias.Source.REVIEWER,
        )  # fmt: skip
    assert entries_of(client)[entry.handle]["aliases"] == ["id:99"]


def test_the_list_is_the_same_in_every_language(client, verified_entry):
    english = client.get("/.well-known/official-accounts.json").content
    french = client.get("/.well-known/official-accounts.json", HTTP_ACCEPT_LANGUAGE="fr").content
    assert english == french
