"""The public log: each public change appends one entry of public facts, in the change's
transaction; the tree is RFC 9162's; nothing updates or deletes a log row."""

import json

import pytest
from django.db import DatabaseError, connection, transaction
from registry_verifier import merkle

from registry.models import LogEntry, LogHead, LogNode, PublicChange
from registry.public_changes import record_public_change
from registry.transparency import log
from tests.transparency_helpers import closed, suspended, verified


def test_verifying_an_entry_appends_its_public_facts(make_entry, reviewer, service_a):
    entry = verified(make_entry, reviewer, handle="gouvlog")
    row = LogEntry.objects.get()
    facts = json.loads(bytes(row.leaf))
    assert facts == {
        "index": 0,
        "time": facts["time"],
        "kind": "verified",
        "entry": entry.pk,
        "platform": "x",
        "handle": "gouvlog",
        "permanent_id": "",
        "aliases": [],
        "ministry": service_a.ministry.name,
        "service": service_a.name,
        "status": "official",
        "previous": None,
    }
    assert bytes(row.leaf_hash) == merkle.leaf_hash(bytes(row.leaf))


def test_a_leaf_holds_no_person_no_message_and_no_contact(make_entry, reviewer):
    entry = suspended(verified(make_entry, reviewer), reviewer)
    leaf = bytes(LogEntry.objects.order_by("-index").first().leaf).decode()
    for private in (reviewer.email, entry.team_email, "Hacked.", entry.team_name):
        assert private not in leaf


def test_each_entry_names_the_previous_entry_of_the_same_account(make_entry, reviewer):
    first = verified(make_entry, reviewer)
    verified(make_entry, reviewer)
    closed(suspended(first, reviewer), reviewer)
    rows = [json.loads(bytes(r.leaf)) for r in LogEntry.objects.order_by("index")]
    assert [(r["kind"], r["status"], r["previous"]) for r in rows] == [
        ("verified", "official", None),
        ("verified", "official", None),
        ("suspended", "suspended", 0),
        ("closed", "closed", 2),
    ]


def test_record_public_change_returns_the_appended_entry(verified_entry):
    with transaction.atomic():
        appended = record_public_change(verified_entry, PublicChange.UPDATED)
    assert appended == LogEntry.objects.get()
    assert appended.index == 0 and appended.kind == PublicChange.UPDATED


def test_a_change_that_rolls_back_leaves_no_log_entry(verified_entry):
    with pytest.raises(RuntimeError), transaction.atomic():
        record_public_change(verified_entry, PublicChange.UPDATED)
        raise RuntimeError("the change fails after its log entry")
    assert not LogEntry.objects.exists()
    assert LogHead.objects.filter(size__gt=0).count() == 0


def test_the_stored_tree_gives_the_roots_and_proofs_of_rfc_9162(verified_entry):
    with transaction.atomic():
        for _ in range(13):
            record_public_change(verified_entry, PublicChange.UPDATED)
    leaves = [
        bytes(h) for h in LogEntry.objects.order_by("index").values_list("leaf_hash", flat=True)
    ]
    for size in range(1, 14):
        root = log.root_at(size)
        assert root == merkle.root_hash(leaves[:size])
        for index in range(size):
            merkle.verify_inclusion(
                index, size, leaves[index], log.inclusion_proof(index, size), root
            )
        for first in range(1, size + 1):
            path = log.consistency_proof(first, size)
            merkle.verify_consistency(first, size, log.root_at(first), root, path)


@pytest.mark.parametrize(
    ("index", "size"), [(0, 0), (5, 3), (0, 99), (-1, 2)], ids=["empty", "beyond", "big", "neg"]
)
def test_a_proof_the_log_cannot_give_is_a_clear_refusal(verified_entry, index, size):
    with transaction.atomic():
        for _ in range(3):
            record_public_change(verified_entry, PublicChange.UPDATED)
    with pytest.raises(log.LogError):
        log.inclusion_proof(index, size)


@pytest.mark.django_db(transaction=True)
def test_the_log_refuses_an_append_outside_a_transaction(verified_entry):
    with pytest.raises(RuntimeError, match="transaction"):
        log.append(verified_entry, PublicChange.UPDATED, verified_entry.updated_at)


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE registry_logentry SET kind = 'closed'",
        "DELETE FROM registry_logentry",
        "UPDATE registry_lognode SET hash = '\\x00'",
        "DELETE FROM registry_lognode",
        "DELETE FROM registry_logkey",
    ],
)
@pytest.mark.postgres_only(
    reason="the trigger is PostgreSQL's: on SQLite a row trigger would also refuse the test "
    "database's flush (DELETE FROM), where PostgreSQL's TRUNCATE fires no row trigger"
)
def test_the_database_refuses_to_change_or_delete_log_rows(verified_entry, statement):
    with transaction.atomic():
        record_public_change(verified_entry, PublicChange.UPDATED)
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    assert LogEntry.objects.get().kind == PublicChange.UPDATED
    assert LogNode.objects.count() == 1


def test_the_model_refuses_to_save_a_log_row_twice(verified_entry):
    with transaction.atomic():
        row = record_public_change(verified_entry, PublicChange.UPDATED)
    with pytest.raises(PermissionError):
        row.save()
    with pytest.raises(PermissionError):
        row.delete()
