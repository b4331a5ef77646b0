"""The password reset's e-mail goes through the outbox like every other: queued by the request,
sent by the job (retried while the relay refuses it), in the person's language, its link shown
to nobody in the admin."""

import re

from django.urls import reverse
from django.utils import translation

from outbox.models import OutgoingEmail
from tests.conftest import make_retries_due, make_user

LINK = re.compile(r"https?://\S+/password/reset/[^/\s]+/[^/\s]+/")


def ask_for_a_reset(client, email: str):
    response = client.post(reverse("accounts:password-reset"), {"email": email})
    assert response.status_code == 302
    return response


def test_a_reset_is_queued_in_the_outbox_and_sent_by_the_job(client, editor, run_jobs, mailoutbox):
    ask_for_a_reset(client, editor.email)
    assert mailoutbox == []  # nothing sent during the request
    queued = OutgoingEmail.objects.get()
    assert (queued.recipient, queued.status) == (editor.email, OutgoingEmail.Status.QUEUED)
    assert queued.message_key.startswith(f"password-reset:{editor.pk}:")
    assert run_jobs() == 1
    assert [m.to for m in mailoutbox] == [[editor.email]]
    link = LINK.search(mailoutbox[0].body).group()
    assert client.get(link, follow=True).status_code == 200
    queued.refresh_from_db()
    assert queued.status == OutgoingEmail.Status.SENT


def test_a_reset_is_written_in_the_persons_language(client, db, run_jobs, mailoutbox):
    person = make_user("greta@mfin.example.org", "Greta", language="de")
    ask_for_a_reset(client, person.email)
    run_jobs()
    with translation.override("de"):
        assert mailoutbox[0].subject == translation.gettext("[Registry] Choose a new password")
    assert "/de/" in LINK.search(mailoutbox[0].body).group()


def test_a_reset_the_relay_refuses_is_tried_again(client, editor, run_jobs, smtp_relay):
    smtp_relay.refusals = 1
    ask_for_a_reset(client, editor.email)
    run_jobs()
    queued = OutgoingEmail.objects.get()
    assert (queued.status, queued.attempts) == (OutgoingEmail.Status.QUEUED, 1)
    make_retries_due()
    run_jobs()
    assert smtp_relay.recipients() == [editor.email]


def test_an_unknown_address_queues_nothing(client, db):
    ask_for_a_reset(client, "nobody@nowhere.example")
    assert not OutgoingEmail.objects.exists()


def test_the_outbox_in_the_admin_never_shows_the_links_token(client, editor, central_admin):
    ask_for_a_reset(client, editor.email)
    queued = OutgoingEmail.objects.get()
    token = LINK.search(queued.body).group().rstrip("/").split("/")[-1]
    client.force_login(central_admin)
    page = client.get(reverse("admin:outbox_outgoingemail_change", args=[queued.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "[redacted]" in html
    assert token not in html
