"""/transparency/ and the signed offline list over HTTP: contracts of docs/transparency.md."""

import base64
import datetime
import json

import pytest
from django.db import transaction
from django.utils import timezone
from registry_verifier import merkle, note

from registry.models import Checkpoint, PublicChange, SignedList
from registry.public_changes import record_public_change
from registry.transparency import checkpoints, keys
from tests.conftest import everything_changed
from tests.transparency_helpers import closed, suspended, verified


def grow(entry, n: int) -> None:
    with transaction.atomic():
        for _ in range(n):
            record_public_change(entry, PublicChange.UPDATED)


def vkey(client) -> note.Verifier:
    return note.parse_vkey(client.get("/transparency/key").content.decode())


def test_the_key_is_a_c2sp_vkey_of_the_log(client, db):
    key = vkey(client)
    assert key.name == "registry.test/transparency" and key.kind == note.ED25519
    assert client.get("/.well-known/official-accounts.pub").content.decode() == key.vkey + "\n"


def test_the_checkpoint_is_signed_for_the_log_as_it_is(client, verified_entry):
    grow(verified_entry, 5)
    checkpoints.sign_checkpoint()
    response = client.get("/transparency/checkpoint")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    checkpoint = note.verify_checkpoint(response.content.decode(), vkey(client))
    assert checkpoint.size == 5
    assert checkpoint.text.startswith("registry.test/transparency\n5\n")
    root = base64.b64decode(client.get("/transparency/root?size=5").json()["root_hash"])
    assert checkpoint.root == root


def test_no_new_checkpoint_is_signed_until_the_log_grows(verified_entry):
    grow(verified_entry, 2)
    assert checkpoints.sign_checkpoint().size == 2
    assert checkpoints.sign_checkpoint() is None
    grow(verified_entry, 1)
    assert checkpoints.sign_checkpoint().size == 3
    assert list(Checkpoint.objects.values_list("size", flat=True)) == [3, 2]


def test_an_empty_log_has_no_checkpoint_yet(client, db):
    assert checkpoints.sign_checkpoint() is None
    assert client.get("/transparency/checkpoint").status_code == 404


def test_entries_are_the_exact_leaves_with_their_hashes(client, verified_entry):
    grow(verified_entry, 3)
    rows = client.get("/transparency/entries/?start=1&end=3").json()["entries"]
    assert [r["index"] for r in rows] == [1, 2]
    for row in rows:
        assert base64.b64decode(row["leaf_hash"]) == merkle.leaf_hash(row["leaf"].encode())
        assert json.loads(row["leaf"])["index"] == row["index"]


def test_proofs_verify_against_the_signed_checkpoint_and_are_immutable(client, verified_entry):
    grow(verified_entry, 7)
    checkpoints.sign_checkpoint()
    checkpoint = note.verify_checkpoint(
        client.get("/transparency/checkpoint").content.decode(), vkey(client)
    )
    response = client.get("/transparency/proof/inclusion?index=4&size=7")
    assert "immutable" in response["Cache-Control"]
    proof = response.json()
    path = [base64.b64decode(p) for p in proof["path"]]
    leaf = base64.b64decode(proof["leaf_hash"])
    merkle.verify_inclusion(4, 7, leaf, path, checkpoint.root)
    old_root = base64.b64decode(client.get("/transparency/root?size=3").json()["root_hash"])
    proof = client.get("/transparency/proof/consistency?first=3&second=7").json()
    assert (proof["first"], proof["second"]) == (3, 7)
    path = [base64.b64decode(p) for p in proof["path"]]
    merkle.verify_consistency(3, 7, old_root, checkpoint.root, path)


@pytest.mark.parametrize(
    "address",
    [
        "/transparency/entries/?start=0",
        "/transparency/entries/?start=5&end=2",
        "/transparency/entries/?start=0&end=1001",
        "/transparency/entries/?start=x&end=2",
        "/transparency/proof/inclusion?index=3&size=3",
        "/transparency/proof/inclusion?index=0&size=99",
        "/transparency/proof/inclusion?index=-1&size=2",
        "/transparency/proof/consistency?first=0&second=2",
        "/transparency/proof/consistency?first=3&second=2",
        "/transparency/proof/consistency?first=1&second=99999999999999999999999",
        "/transparency/root?size=4",
    ],
)
def test_a_request_the_log_cannot_answer_is_a_clear_400(client, verified_entry, address):
    grow(verified_entry, 3)
    response = client.get(address)
    assert response.status_code == 400
    assert response.json()["error"]


def test_a_cosignature_from_a_key_not_accepted_is_refused(client, settings, verified_entry):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    grow(verified_entry, 1)
    signed = checkpoints.sign_checkpoint()
    stranger = Ed25519PrivateKey.generate()
    posted = signed.note + note.cosign(
        signed.note.split("\n\n")[0] + "\n", "w.example/x", stranger, 1
    )
    response = client.post("/transparency/cosignature", posted, content_type="text/plain")
    assert response.status_code == 403
    accepted = note.verifier_of("w.example/x", stranger, note.COSIGNATURE_V1)
    settings.TRANSPARENCY_WITNESS_KEYS = [accepted.vkey]
    response = client.post("/transparency/cosignature", posted, content_type="text/plain")
    assert response.status_code == 201
    served = client.get("/transparency/checkpoint").content.decode()
    assert note.verify_cosignature(served, accepted) == 1


def test_the_offline_list_is_signed_over_its_exact_bytes(client, make_entry, reviewer):
    entry = verified(make_entry, reviewer, handle="gouvlist")
    body = client.get("/.well-known/official-accounts.json").content
    signature = base64.b64decode(client.get("/.well-known/official-accounts.json.sig").content)
    assert vkey(client).verify(body, signature)
    document = json.loads(body)
    assert document["accounts"][0]["handle"] == entry.handle
    assert document["log_size"] == 1 and document["version"] >= 1
    generated = datetime.datetime.fromisoformat(document["generated_at"].replace("Z", "+00:00"))
    expires = datetime.datetime.fromisoformat(document["expires"].replace("Z", "+00:00"))
    assert expires - generated == datetime.timedelta(days=7)


def test_a_new_list_version_follows_a_change_and_only_a_change(
    client, make_entry, reviewer, django_capture_on_commit_callbacks
):
    entry = verified(make_entry, reviewer)
    first = json.loads(client.get("/.well-known/official-accounts.json").content)["version"]
    again = json.loads(client.get("/.well-known/official-accounts.json").content)["version"]
    assert again == first
    with django_capture_on_commit_callbacks(execute=True):
        suspended(entry, reviewer)
    after = json.loads(client.get("/.well-known/official-accounts.json").content)
    assert after["version"] > first and after["count"] == 0


def test_an_aged_list_is_signed_again_with_a_higher_version(client, verified_entry):
    first = json.loads(client.get("/.well-known/official-accounts.json").content)["version"]
    aged = timezone.now() - datetime.timedelta(days=4)
    SignedList.objects.update(generated_at=aged, expires=aged + datetime.timedelta(days=7))
    everything_changed()
    later = json.loads(client.get("/.well-known/official-accounts.json").content)["version"]
    assert later == first + 1


def test_the_verify_api_answers_as_it_stood_then_with_its_log_entry(client, make_entry, reviewer):
    entry = verified(make_entry, reviewer, handle="gouvthen")
    then = timezone.now()
    closed(entry, reviewer)
    checkpoints.sign_checkpoint()
    today = client.get("/api/v1/verify/?url=https://x.com/gouvthen").json()
    assert today["result"] == "closed"
    past = client.get("/api/v1/verify/", {"url": "https://x.com/gouvthen", "at": then.isoformat()})
    answer = past.json()
    assert answer["result"] == "official"
    assert answer["as_of"]["log_index"] == 0 and answer["as_of"]["leaf"]["kind"] == "verified"
    assert answer["as_of"]["inclusion_proof"].endswith(
        "/transparency/proof/inclusion?index=0&size=2"
    )
    before = client.get("/api/v1/verify/", {"url": "https://x.com/gouvthen", "at": "2001-01-01"})
    assert (
        before.json()["result"] == "not_registered" and before.json()["as_of"]["log_index"] is None
    )


def test_an_at_that_is_not_a_date_is_a_clear_400(client, verified_entry):
    response = client.get("/api/v1/verify/", {"url": "https://x.com/gouvlu", "at": "last spring"})
    assert response.status_code == 400
    assert "at" in response.json()["fields"]


def test_the_verify_page_shows_the_past_answer_and_its_proof(client, make_entry, reviewer):
    entry = verified(make_entry, reviewer, handle="gouvpage")
    then = timezone.now().isoformat()
    suspended(entry, reviewer)
    page = client.get("/en/verify/", {"url": "https://x.com/gouvpage", "at": then}).content.decode()
    assert "It was an official account of the government." in page
    assert "entry 0 of the registry" in page and "/transparency/proof/inclusion?index=0" in page
    refused = client.get("/en/verify/", {"url": "https://x.com/gouvpage", "at": "soon"})
    assert refused.status_code == 200 and "Give the date as" in refused.content.decode()


def test_the_account_page_shows_its_public_timeline(client, make_entry, reviewer):
    entry = suspended(verified(make_entry, reviewer), reviewer)
    page = client.get(f"/en/accounts/{entry.pk}/").content.decode()
    assert "Public history" in page
    assert "/transparency/entries/?start=0&amp;end=1" in page
    assert "/transparency/entries/?start=1&amp;end=2" in page


def test_the_log_feed_lists_the_latest_entries_with_their_leaves(client, make_entry, reviewer):
    import feedparser

    suspended(verified(make_entry, reviewer, handle="gouvfeed"), reviewer)
    feed = feedparser.parse(client.get("/transparency/feed.atom").content)
    assert [e.id.rsplit("/", 1)[-1] for e in feed.entries] == ["1", "0"]
    assert "gouvfeed" in feed.entries[0].title
    assert json.loads(feed.entries[0].summary)["kind"] == "suspended"


def test_the_signing_key_comes_from_a_file_or_a_demo_key_in_debug(settings, tmp_path, log_key):
    from django.core.exceptions import ImproperlyConfigured

    settings.TRANSPARENCY_SIGNING_KEY = ""
    key_file = tmp_path / "log.pem"
    key_file.write_text(log_key)
    settings.TRANSPARENCY_SIGNING_KEY_FILE = str(key_file)
    assert keys.signing_key().public_key() is not None
    settings.TRANSPARENCY_SIGNING_KEY_FILE = ""
    settings.DEBUG = False
    with pytest.raises(ImproperlyConfigured, match="TRANSPARENCY_SIGNING_KEY_FILE"):
        keys.signing_key()
    settings.DEBUG = True
    settings.TRANSPARENCY_DEMO_KEY_FILE = tmp_path / "var" / "demo.pem"
    demo = keys.signing_key()
    assert settings.TRANSPARENCY_DEMO_KEY_FILE.exists()
    assert (settings.TRANSPARENCY_DEMO_KEY_FILE.stat().st_mode & 0o777) == 0o600
    assert keys.signing_key() is demo


def test_the_deploy_check_reports_a_missing_signing_key(settings):
    from registry.transparency.checks import signing_key_configured

    settings.DEBUG, settings.TRANSPARENCY_SIGNING_KEY = False, ""
    assert [e.id for e in signing_key_configured(None)] == ["registry.E030"]
    settings.TRANSPARENCY_SIGNING_KEY_FILE = "/run/secrets/log.pem"
    assert signing_key_configured(None) == []


def test_an_answer_as_it_stood_then_validates_against_the_schema(client, make_entry, reviewer):
    from openapi_core import OpenAPI

    from tests.test_api_contract import check, schema_of

    entry = verified(make_entry, reviewer, handle="gouvschema")
    then = timezone.now().isoformat()
    suspended(entry, reviewer)
    contract = OpenAPI.from_dict(schema_of(client))
    for at in (then, "2001-01-01"):
        path = f"/api/v1/verify/?url=https://x.com/gouvschema&at={at.replace('+', '%2B')}"
        response = client.get(path)
        assert response.status_code == 200
        check(contract, response, path)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-12", "2026-03-12T23:59:59+00:00"),
        ("2026-03-12T10:00", "2026-03-12T10:00:00+00:00"),
        ("2026-03-12T10:00:00+01:00", "2026-03-12T10:00:00+01:00"),
        ("2026-03-12T10:00:00Z", "2026-03-12T10:00:00+00:00"),
    ],
)
def test_at_is_a_date_meaning_its_end_or_a_date_time_in_utc_unless_it_says(text, expected):
    from registry.transparency.history import parse_moment

    assert parse_moment(text).isoformat() == expected


def test_the_scheduler_signs_a_checkpoint_every_minute(verified_entry):
    from registry.schedule import MINUTE, SCHEDULE
    from registry.transparency.tasks import sign_checkpoint_and_list

    job = next(j for j in SCHEDULE if j.name == "transparency-checkpoint")
    assert job.task == sign_checkpoint_and_list and job.every == MINUTE
    grow(verified_entry, 2)
    assert sign_checkpoint_and_list.call().startswith("signed checkpoint 2; list version ")
    assert sign_checkpoint_and_list.call().startswith("checkpoint up to date")
