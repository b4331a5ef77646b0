"""The e-mail backend of a developer's machine (`make run`): each message printed as a person
reads it, its headers decoded (Django's console backend prints the wire form, where an accented
subject reads `=?utf-8?q?Compte_v=C3=A9rifi=C3=A9?=` and the body is quoted-printable).
"""

from email.header import decode_header, make_header

from django.core.mail.backends.console import EmailBackend as ConsoleBackend

SHOWN_HEADERS = ("From", "To", "Cc", "Reply-To", "Subject", "Date")
RULE = "-" * 79


def readable(message) -> str:
    """An `EmailMessage` as text: its headers decoded, then each text part decoded."""
    wire = message.message()
    lines = []
    for name in SHOWN_HEADERS:
        value = wire.get(name)
        if value is not None:
            lines.append(f"{name}: {make_header(decode_header(str(value)))}")
    lines.append("")
    for part in wire.walk():
        if part.is_multipart():
            continue
        if part.get_content_maintype() == "text":
            text = part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
            lines.append(text.rstrip("\n"))
        else:
            lines.append(f"[attachment: {part.get_filename() or part.get_content_type()}]")
    return "\n".join(lines)


class EmailBackend(ConsoleBackend):
    """Django's console backend, printing `readable(message)` between two rules."""

    def write_message(self, message) -> None:
        self.stream.write(f"{readable(message)}\n{RULE}\n")
