"""Editing: drafts and sent-back entries, verified entries' contact data, stale edits
(issue 5, requirements 3, 4 and 8)."""

import pytest
from django.urls import reverse

from outbox.models import OutgoingEmail
from registry.models import EntryChange, Move, ReviewEvent, Status

PASSWORD_FREE = "communication@mfin.example.org"


def edit_url(entry) -> str:
    return reverse("workspace:entry-edit", args=[entry.pk])


def test_a_draft_can_be_edited_including_its_link(client, editor, draft_entry, register_form):
    client.force_login(editor)
    data = register_form(
        link="https://x.com/nouveaunom", display_name="Nouveau nom", version=draft_entry.version
    )
    response = client.post(edit_url(draft_entry), data)
    assert response.status_code == 302
    draft_entry.refresh_from_db()
    assert (draft_entry.handle, draft_entry.display_name) == ("nouveaunom", "Nouveau nom")
    assert draft_entry.version == 2


def test_an_entry_with_changes_requested_shows_the_central_units_message_on_top(
    client, editor, make_entry, reviewer
):
    entry = make_entry(Status.CHANGES_REQUESTED)
    ReviewEvent.objects.create(
        entry=entry,
        actor=reviewer,
        move=Move.REQUEST_CHANGES,
        from_status=Status.SUBMITTED,
        to_status=Status.CHANGES_REQUESTED,
        reason="PROFILE_OFFICIAL",
        message="Ajoutez le lien vers le site.",
    )
    client.force_login(editor)
    page = client.get(edit_url(entry)).content.decode()
    assert page.index("Ajoutez le lien vers le site.") < page.index('name="display_name"')


def test_resubmitting_records_a_review_event_for_the_reviewers(
    client, editor, reviewer, make_entry, register_form, django_capture_on_commit_callbacks
):
    entry = make_entry(Status.CHANGES_REQUESTED)
    client.force_login(editor)
    data = register_form(action="submit", version=entry.version, display_name="Corrigé")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit_url(entry), data)
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == Status.SUBMITTED
    assert entry.display_name == "Corrigé"
    assert entry.events.last().move == Move.SUBMIT
    assert entry.events.last().actor == editor
    assert OutgoingEmail.objects.filter(recipient=reviewer.email).exists()  # reviewers told


def test_the_identity_of_a_submitted_entry_never_changes(client, editor, make_entry, register_form):
    entry = make_entry(Status.CHANGES_REQUESTED, handle="original")
    client.force_login(editor)
    page = client.get(edit_url(entry)).content.decode()
    assert 'name="link"' not in page
    client.post(edit_url(entry), register_form(link="https://x.com/other", version=entry.version))
    entry.refresh_from_db()
    assert entry.handle == "original"


@pytest.mark.parametrize(
    "status", [Status.SUBMITTED, Status.CLOSED, Status.WITHDRAWN, Status.REJECTED]
)
def test_entries_in_other_states_cannot_be_edited(
    client, editor, make_entry, register_form, status
):
    entry = make_entry(status)
    client.force_login(editor)
    response = client.post(
        edit_url(entry), register_form(version=entry.version, display_name="X"), follow=True
    )
    assert "cannot be edited" in response.content.decode()
    entry.refresh_from_db()
    assert entry.display_name != "X"


def contact(entry, **changes) -> dict:
    data = {
        "team_name": entry.team_name,
        "team_email": entry.team_email,
        "team_phone": "",
        "languages": entry.languages,
        "purpose": entry.purpose,
        "version": entry.version,
    }
    return data | changes


def test_a_verified_entrys_contact_data_change_is_recorded_with_old_and_new_values(
    client, editor, verified_entry
):
    client.force_login(editor)
    response = client.post(
        edit_url(verified_entry),
        contact(verified_entry, team_email="presse@mfin.example.org", languages=["lb", "fr", "en"]),
    )
    assert response.status_code == 302
    verified_entry.refresh_from_db()
    assert verified_entry.status == Status.VERIFIED
    assert verified_entry.contact_changed_at is not None
    change = EntryChange.objects.get(entry=verified_entry)
    assert change.actor == editor
    assert change.changes == {
        "team_email": [PASSWORD_FREE, "presse@mfin.example.org"],
        "languages": ["lb, fr", "lb, fr, en"],
    }
    page = client.get(reverse("workspace:entry", args=[verified_entry.pk])).content.decode()
    assert "presse@mfin.example.org" in page and "Changes to the entry's data" in page


def test_saving_a_verified_entry_unchanged_records_nothing(client, editor, verified_entry):
    client.force_login(editor)
    client.post(edit_url(verified_entry), contact(verified_entry))
    verified_entry.refresh_from_db()
    assert verified_entry.contact_changed_at is None
    assert not EntryChange.objects.exists()


def test_a_verified_entrys_identity_and_name_are_not_in_the_contact_form(
    client, editor, verified_entry
):
    client.force_login(editor)
    page = client.get(edit_url(verified_entry)).content.decode()
    assert 'name="link"' not in page and 'name="display_name"' not in page
    assert 'name="team_email"' in page


def test_a_stale_edit_is_refused_naming_who_changed_the_entry(
    client, editor, ministry_admin, verified_entry
):
    seen = verified_entry.version
    client.force_login(ministry_admin)
    client.post(edit_url(verified_entry), contact(verified_entry, team_name="Équipe A"))
    client.force_login(editor)
    response = client.post(
        edit_url(verified_entry), contact(verified_entry, version=seen, team_name="Équipe B")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "This entry was changed by Dora Ministryadmin at" in page
    assert "reload" in page
    verified_entry.refresh_from_db()
    assert verified_entry.team_name == "Équipe A"


def test_a_stale_draft_edit_is_refused_too(
    client, editor, ministry_admin, draft_entry, register_form
):
    seen = draft_entry.version
    client.force_login(ministry_admin)
    client.post(edit_url(draft_entry), register_form(version=seen, display_name="Theirs"))
    client.force_login(editor)
    response = client.post(edit_url(draft_entry), register_form(version=seen, display_name="Mine"))
    assert "This entry was changed by Dora Ministryadmin" in response.content.decode()


def test_a_form_without_its_version_is_refused(client, editor, draft_entry, register_form):
    client.force_login(editor)
    response = client.post(edit_url(draft_entry), register_form(display_name="No version"))
    assert response.status_code == 200
    draft_entry.refresh_from_db()
    assert draft_entry.display_name != "No version"
