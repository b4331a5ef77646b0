"""The close form's promise holds: the ministry's reason for closing is shown on the public page
(the account page and the verify answer) when the ministry says so, and never otherwise."""

from django.urls import reverse

from registry.models import Status

REASON = "Le ministère communique désormais sur son nouveau compte."


def close(client, entry, **extra):
    response = client.post(
        reverse("workspace:entry-close", args=[entry.pk]),
        {"version": entry.version, "message": REASON, **extra},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == Status.CLOSED
    return entry


def public_pages(client, entry) -> list[str]:
    client.logout()
    return [
        client.get(entry.get_absolute_url()).content.decode(),
        client.get(reverse("public:verify"), {"url": entry.url}).content.decode(),
    ]


def test_the_close_form_asks_whether_the_reason_is_public(client, editor, verified_entry):
    client.force_login(editor)
    html = client.get(reverse("workspace:entry-close", args=[verified_entry.pk])).content.decode()
    assert 'name="public_message"' in html
    assert "Your reason is shown there only if you tick the box below." in html
    assert "with its date and your reason" not in html


def test_a_reason_said_to_be_public_is_on_the_public_pages(client, editor, verified_entry):
    client.force_login(editor)
    entry = close(client, verified_entry, public_message="on")
    assert entry.public_notice == REASON
    for html in public_pages(client, entry):
        assert "communique désormais sur son nouveau compte" in html


def test_a_reason_not_said_to_be_public_stays_off_the_public_pages(client, editor, verified_entry):
    client.force_login(editor)
    entry = close(client, verified_entry)
    assert entry.public_notice == ""
    assert entry.events.last().message == REASON  # the central unit still reads it
    for html in public_pages(client, entry):
        assert "communique désormais" not in html


def test_only_closing_offers_to_publish_the_reason(client, editor, closed_entry):
    client.force_login(editor)
    html = client.get(reverse("workspace:entry-reopen", args=[closed_entry.pk])).content.decode()
    assert 'name="public_message"' not in html
