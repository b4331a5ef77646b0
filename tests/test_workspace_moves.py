"""Withdraw, close, reopen and confirm from the workspace (issue 5, requirements 4 and 5)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from registry.models import Answer, Move, SocialAccount, Status
from tests.conftest import answers_for


def move_url(name: str, entry) -> str:
    return reverse(f"workspace:entry-{name}", args=[entry.pk])


def test_closing_a_verified_account_keeps_it_public_as_closed_with_date_and_reason(
    client, editor, verified_entry
):
    client.force_login(editor)
    response = client.post(
        move_url("close", verified_entry),
        {"version": verified_entry.version, "message": "Compte abandonné."},
    )
    assert response.status_code == 302
    verified_entry.refresh_from_db()
    assert verified_entry.status == Status.CLOSED
    assert verified_entry.closed_at is not None
    event = verified_entry.events.last()
    assert (event.move, event.actor, event.message) == (Move.CLOSE, editor, "Compte abandonné.")
    assert SocialAccount.objects.public().filter(pk=verified_entry.pk).exists()


def test_closing_needs_a_reason(client, editor, verified_entry):
    client.force_login(editor)
    response = client.post(
        move_url("close", verified_entry), {"version": verified_entry.version, "message": ""}
    )
    assert response.status_code == 200
    verified_entry.refresh_from_db()
    assert verified_entry.status == Status.VERIFIED


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED, Status.CHANGES_REQUESTED])
def test_withdrawing_is_recorded_and_frees_the_handle(
    client, editor, make_entry, register_form, status
):
    entry = make_entry(status, handle="gouvlu")
    client.force_login(editor)
    client.post(move_url("withdraw", entry), {"version": entry.version, "message": ""})
    entry.refresh_from_db()
    assert entry.status == Status.WITHDRAWN
    assert entry.events.last().move == Move.WITHDRAW
    client.post(reverse("workspace:entry-create"), register_form())
    assert SocialAccount.objects.filter(handle="gouvlu", status=Status.DRAFT).exists()


def test_a_verified_entry_cannot_be_withdrawn_only_closed(client, editor, verified_entry):
    client.force_login(editor)
    response = client.post(
        move_url("withdraw", verified_entry), {"version": verified_entry.version}, follow=True
    )
    assert "This cannot be done to an entry whose status is" in response.content.decode()
    verified_entry.refresh_from_db()
    assert verified_entry.status == Status.VERIFIED


def test_a_closed_entry_can_be_reopened_for_review(client, editor, closed_entry):
    client.force_login(editor)
    client.post(
        move_url("reopen", closed_entry),
        {"version": closed_entry.version, "message": "Compte réactivé."},
    )
    closed_entry.refresh_from_db()
    assert closed_entry.status == Status.SUBMITTED


def test_the_entry_page_offers_only_the_moves_the_workflow_allows(client, editor, verified_entry):
    client.force_login(editor)
    page = client.get(reverse("workspace:entry", args=[verified_entry.pk])).content.decode()
    assert move_url("close", verified_entry) in page
    assert move_url("withdraw", verified_entry) not in page
    assert move_url("reopen", verified_entry) not in page


def confirm_data(entry, answer=Answer.MEETS) -> dict:
    data = {"version": entry.version}
    for item in answers_for("ministry", answer):
        data[f"answer_{item['code']}"] = item["answer"]
    return data


@pytest.fixture
def due_entry(make_entry):
    return make_entry(
        Status.VERIFIED, next_review_due=timezone.localdate() + datetime.timedelta(days=10)
    )


def test_the_ministry_confirms_a_due_entry_with_the_checklist_re_answered(
    client, editor, due_entry
):
    client.force_login(editor)
    entry_page = client.get(reverse("workspace:entry", args=[due_entry.pk])).content.decode()
    assert move_url("confirm", due_entry) in entry_page
    response = client.post(
        move_url("confirm", due_entry), confirm_data(due_entry, Answer.NOT_APPLICABLE)
    )
    assert response.status_code == 302
    due_entry.refresh_from_db()
    assert due_entry.confirmation_submitted_at is not None
    event = due_entry.events.last()
    assert event.move == Move.CONFIRM
    assert {item["answer"] for item in event.checklist} == {Answer.NOT_APPLICABLE}


def test_confirming_needs_every_answer(client, editor, due_entry):
    client.force_login(editor)
    data = confirm_data(due_entry)
    del data["answer_FUNCTIONAL_EMAIL"]
    response = client.post(move_url("confirm", due_entry), data)
    assert "Answer this question." in response.content.decode()
    due_entry.refresh_from_db()
    assert due_entry.confirmation_submitted_at is None


def test_an_entry_not_yet_due_cannot_be_confirmed(client, editor, verified_entry):
    client.force_login(editor)
    response = client.post(
        move_url("confirm", verified_entry), confirm_data(verified_entry), follow=True
    )
    assert "not due for re-certification yet" in response.content.decode()


def test_closing_on_a_stale_page_is_refused_naming_who_changed_it(
    client, editor, ministry_admin, verified_entry
):
    seen = verified_entry.version
    client.force_login(ministry_admin)
    client.post(
        reverse("workspace:entry-edit", args=[verified_entry.pk]),
        {
            "team_name": "Nouvelle équipe",
            "team_email": verified_entry.team_email,
            "languages": ["fr"],
            "purpose": "P",
            "version": seen,
        },
    )
    client.force_login(editor)
    response = client.post(move_url("close", verified_entry), {"version": seen, "message": "Fin."})
    assert "This entry was changed by Dora Ministryadmin" in response.content.decode()
    verified_entry.refresh_from_db()
    assert verified_entry.status == Status.VERIFIED
