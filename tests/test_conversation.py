"""One conversation per entry (issue 18, requirement 6): the central unit asks for changes, the
ministry answers in words when it submits again, both sides read the exchange in order, and the
e-mails carry it."""

import pytest
from django.core import mail
from django.urls import reverse

from registry import workflow
from registry.models import Move, Reason, Status
from tests.conftest import answers_for


@pytest.fixture
def sent_back(make_entry, reviewer):
    """An entry assigned to Rita, sent back with a request for changes."""
    entry = make_entry(Status.SUBMITTED, assigned_reviewer=reviewer)
    workflow.request_changes(
        entry,
        by=reviewer,
        version=entry.version,
        reason=Reason.LANGUAGES,
        message="Add German to the profile, please.",
    )
    entry.refresh_from_db()
    return entry


def resubmit(client, entry, register_form, **extra):
    data = register_form(action="submit", version=entry.version, **extra)
    data.pop("link")  # a submitted entry's identity is not in the form
    return client.post(reverse("workspace:entry-edit", args=[entry.pk]), data)


def test_the_edit_form_of_a_sent_back_entry_offers_an_answer_field(client, editor, sent_back):
    client.force_login(editor)
    page = client.get(reverse("workspace:entry-edit", args=[sent_back.pk])).content.decode()
    assert 'name="reply"' in page
    assert "Your answer to the central unit" in page


def test_a_drafts_form_has_no_answer_field(client, editor, draft_entry):
    client.force_login(editor)
    page = client.get(reverse("workspace:entry-edit", args=[draft_entry.pk])).content.decode()
    assert 'name="reply"' not in page


def test_the_answer_is_kept_with_the_submission_event(client, editor, sent_back, register_form):
    client.force_login(editor)
    response = resubmit(client, sent_back, register_form, reply="German added to the bio.")
    assert response.status_code == 302
    event = sent_back.events.last()
    assert (event.move, event.message, event.actor) == (
        Move.SUBMIT,
        "German added to the bio.",
        editor,
    )


def test_resubmitting_without_an_answer_is_allowed(client, editor, sent_back, register_form):
    client.force_login(editor)
    assert resubmit(client, sent_back, register_form).status_code == 302
    sent_back.refresh_from_db()
    assert sent_back.status == Status.SUBMITTED
    assert sent_back.events.last().message == ""


def test_the_reviewer_reads_the_exchange_in_order(client, editor, reviewer, sent_back):
    workflow.submit(
        sent_back,
        by=editor,
        version=sent_back.version,
        checklist=answers_for("ministry"),
        message="German added to the bio.",
    )
    client.force_login(reviewer)
    page = client.get(reverse("review:entry", args=[sent_back.pk])).content.decode()
    conversation = page[page.index('id="conversation-title"') :]
    asked = conversation.index("Add German to the profile, please.")
    answered = conversation.index("German added to the bio.")
    assert asked < answered
    assert "The ministry" in conversation and "The central unit" in conversation


def test_the_editor_reads_the_same_exchange_on_the_entry_page(client, editor, sent_back):
    workflow.submit(
        sent_back,
        by=editor,
        version=sent_back.version,
        checklist=answers_for("ministry"),
        message="German added to the bio.",
    )
    client.force_login(editor)
    page = client.get(reverse("workspace:entry", args=[sent_back.pk])).content.decode()
    conversation = page[page.index('id="conversation-title"') :]
    assert conversation.index("Add German") < conversation.index("German added to the bio.")


def test_the_resubmission_mails_only_the_assigned_reviewer_with_the_exchange(
    run_jobs, editor, reviewer, other_reviewer, central_admin, sent_back
):
    run_jobs()  # what the fixture's own moves queued
    mail.outbox.clear()
    workflow.submit(
        sent_back,
        by=editor,
        version=sent_back.version,
        checklist=answers_for("ministry"),
        message="German added to the bio.",
    )
    run_jobs()
    assert [m.to for m in mail.outbox] == [[reviewer.email]]
    body = mail.outbox[0].body
    assert "submitted it again" in body
    assert body.index("German added to the bio.") < body.index("Add German to the profile")
    assert "Changed and resubmitted" in mail.outbox[0].subject


def test_the_request_for_changes_mail_quotes_the_earlier_exchange(
    run_jobs, editor, reviewer, sent_back
):
    run_jobs()  # what the fixture's own moves queued
    mail.outbox.clear()
    workflow.submit(
        sent_back,
        by=editor,
        version=sent_back.version,
        checklist=answers_for("ministry"),
        message="German added to the bio.",
    )
    sent_back.refresh_from_db()
    workflow.request_changes(
        sent_back,
        by=reviewer,
        version=sent_back.version,
        reason=Reason.LANGUAGES,
        message="The pinned post is still in French only.",
    )
    run_jobs()
    (to_editor,) = [m for m in mail.outbox if m.to == [editor.email]]
    assert "The pinned post is still in French only." in to_editor.body
    assert "The conversation so far" in to_editor.body
    assert "German added to the bio." in to_editor.body
