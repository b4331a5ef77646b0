"""E-mails printed on a developer's console (`make run`) read as the person will read them."""

import io

from django.core.mail import EmailMessage

from outbox.console import EmailBackend


def printed(message: EmailMessage) -> str:
    stream = io.StringIO()
    EmailBackend(stream=stream).send_messages([message])
    return stream.getvalue()


def test_an_accented_subject_and_body_are_printed_decoded():
    text = printed(
        EmailMessage(
            "Compte vérifié : « @gouvlu » – Überprüft",
            "Votre compte a été vérifié.\nMerci, l'équipe.",
            "registre@sip.example",
            ["claire.muller@finances.example"],
        )
    )
    assert "Subject: Compte vérifié : « @gouvlu » – Überprüft" in text
    assert "To: claire.muller@finances.example" in text
    assert "Votre compte a été vérifié.\nMerci, l'équipe." in text
    assert "=?utf-8?" not in text
    assert "=C3=A9" not in text


def test_an_attachment_is_named_not_dumped():
    message = EmailMessage("Export", "Ci-joint.", "registre@sip.example", ["a@b.example"])
    message.attach("comptes.csv", b"\x00\x01binary", "application/octet-stream")
    text = printed(message)
    assert "[attachment: comptes.csv]" in text
    assert "\x00" not in text
