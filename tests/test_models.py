"""The register's data model: one live entry per account, and history that cannot be rewritten."""

import pytest
from django.db import IntegrityError, transaction

from registry.models import ReviewEvent, SocialAccount, Status


@pytest.mark.parametrize(
    "first_status",
    [
        Status.DRAFT,
        Status.SUBMITTED,
        Status.VERIFIED,
        Status.SUSPENDED,
        Status.CLOSED,
        Status.CHANGES_REQUESTED,
    ],
)
def test_a_live_entry_blocks_a_second_entry_for_the_same_account(make_entry, first_status):
    make_entry(first_status, handle="gouvlu")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_entry(Status.DRAFT, handle="gouvlu")


@pytest.mark.parametrize("released", [Status.REJECTED, Status.WITHDRAWN])
def test_a_rejected_or_withdrawn_entry_frees_the_account(make_entry, released):
    make_entry(released, handle="gouvlu")
    again = make_entry(Status.DRAFT, handle="gouvlu")
    assert SocialAccount.objects.filter(handle="gouvlu").count() == 2
    assert again.status == Status.DRAFT


def test_the_same_handle_on_another_platform_is_another_account(make_entry):
    make_entry(Status.VERIFIED, handle="gouvlu")
    other = make_entry(Status.VERIFIED, handle="gouvlu", platform=SocialAccount.Platform.INSTAGRAM)
    assert other.pk


def test_review_events_cannot_be_edited(draft_entry):
    event = draft_entry.events.get()
    event.message = "rewritten"
    with pytest.raises(PermissionError):
        event.save()
    assert ReviewEvent.objects.get(pk=event.pk).message == ""


def test_review_events_cannot_be_deleted_one_by_one_or_in_bulk(draft_entry):
    event = draft_entry.events.get()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        ReviewEvent.objects.filter(entry=draft_entry).delete()
    with pytest.raises(PermissionError):
        ReviewEvent.objects.filter(entry=draft_entry).update(message="x")
    assert draft_entry.events.count() == 1


def test_an_entry_with_history_cannot_be_deleted(draft_entry):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        draft_entry.delete()


def test_each_entry_gets_its_own_proof_of_control_code(make_entry):
    codes = {make_entry().control_code for _ in range(5)}
    assert len(codes) == 5
    assert all(code.startswith("REG-") and len(code) == 12 for code in codes)


def test_languages_are_stored_in_order_and_filterable(make_entry):
    entry = make_entry(languages=["en", "lb", "fr"])
    entry.refresh_from_db()
    assert entry.languages == ["lb", "fr", "en"]
    assert SocialAccount.objects.filter(languages__contains="lb").get() == entry
    assert not SocialAccount.objects.filter(languages__contains="de").exists()
