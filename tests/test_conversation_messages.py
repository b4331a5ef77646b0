"""A ministry can always write to the central unit about its entry, and the central unit
answers: whatever the status (a suspended entry above all), on both sides' pages and by e-mail,
without changing the entry."""

import pytest
from django.urls import reverse

from registry.models import Move, Status

QUESTION = "Nous avons sécurisé le compte : pouvez-vous le rétablir ?"
ANSWER = "Merci, nous vérifions et rétablissons l'entrée aujourd'hui."


def write(client, entry, message=QUESTION):
    return client.post(
        reverse("workspace:entry-write", args=[entry.pk]),
        {"version": entry.version, "message": message},
    )


def answer(client, entry, message=ANSWER):
    return client.post(
        reverse("review:act", args=[entry.pk]),
        {"move": Move.ANSWER, "version": entry.version, "message": message},
    )


@pytest.mark.parametrize(
    "status", [Status.DRAFT, Status.SUBMITTED, Status.VERIFIED, Status.SUSPENDED, Status.CLOSED]
)
def test_a_ministry_may_write_about_its_entry_in_any_status(client, editor, make_entry, status):
    entry = make_entry(status)
    client.force_login(editor)
    page = client.get(reverse("workspace:entry", args=[entry.pk])).content.decode()
    assert reverse("workspace:entry-write", args=[entry.pk]) in page
    assert write(client, entry).status_code == 302
    event = entry.events.last()
    assert (event.move, event.actor, event.message) == (Move.WRITE, editor, QUESTION)


def test_a_message_changes_nothing_of_the_entry(client, editor, suspended_entry):
    client.force_login(editor)
    write(client, suspended_entry)
    before = suspended_entry.version
    suspended_entry.refresh_from_db()
    assert (suspended_entry.status, suspended_entry.version) == (Status.SUSPENDED, before)


def test_an_empty_message_is_refused(client, editor, suspended_entry):
    client.force_login(editor)
    response = write(client, suspended_entry, message="")
    assert response.status_code == 200
    assert not suspended_entry.events.filter(move=Move.WRITE).exists()


def test_the_central_unit_reads_the_message_and_hears_of_it(
    client, editor, reviewer, suspended_entry, run_jobs, mailoutbox
):
    client.force_login(editor)
    write(client, suspended_entry)
    run_jobs()
    assert [m.to for m in mailoutbox] == [[reviewer.email]]
    assert QUESTION in mailoutbox[0].body
    assert "wrote to the central unit" in mailoutbox[0].body
    assert "Message from the ministry" in mailoutbox[0].subject
    client.force_login(reviewer)
    page = client.get(reverse("review:entry", args=[suspended_entry.pk])).content.decode()
    assert "pouvez-vous le rétablir" in page


def test_the_central_unit_answers_and_the_ministry_reads_it_on_its_page_and_by_mail(
    client, editor, reviewer, suspended_entry, run_jobs, mailoutbox
):
    client.force_login(editor)
    write(client, suspended_entry)
    client.force_login(reviewer)
    assert answer(client, suspended_entry).status_code == 302
    mailoutbox.clear()
    run_jobs()
    to_ministry = [m for m in mailoutbox if editor.email in m.to]
    assert len(to_ministry) == 1
    assert "nous vérifions et rétablissons" in to_ministry[0].body
    assert "pouvez-vous le rétablir" in to_ministry[0].body  # the exchange so far
    client.force_login(editor)
    page = client.get(reverse("workspace:entry", args=[suspended_entry.pk])).content.decode()
    assert page.index("pouvez-vous le rétablir") < page.index("nous vérifions")


def test_a_reviewer_of_the_entrys_own_ministry_may_not_answer(
    client, member_reviewer, suspended_entry
):
    client.force_login(member_reviewer)
    answer(client, suspended_entry)
    assert not suspended_entry.events.filter(move=Move.ANSWER).exists()


def test_the_messages_e_mails_are_written_in_the_readers_language(
    client, editor, reviewer, suspended_entry, run_jobs, mailoutbox
):
    reviewer.language = "fr"
    reviewer.save(update_fields=["language"])
    client.force_login(editor)
    write(client, suspended_entry)
    run_jobs()
    assert mailoutbox[0].subject.startswith("[Registre] Message du ministère")
    assert "a écrit à la cellule centrale" in mailoutbox[0].body
