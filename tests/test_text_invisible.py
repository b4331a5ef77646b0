"""Class 1: invisible characters. One rule refuses them in every stored text (forms, admin,
import, commands reach it through the model's validation); every output is safe for what was
stored before the rule."""

import xml.dom.minidom

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from accounts.text import file_safe, header_safe, multi_line, single_line, xml_safe
from registry import emails, workflow
from registry.models import Status
from tests.conftest import answers_for

FORBIDDEN = [
    "\x00", "\x01", "\x07", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\x9f",
    "\ud800", "\udfff", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
    "\u2066", "\u2067", "\u2068", "\u2069", "\ufffe", "\uffff",
]  # fmt: skip
LINE_BREAKS = ["\n", "\r", "\r\n", "\u2028", "\u2029"]
ALLOWED = ["Ministère d’État", "Gouvernement 🇱🇺", "ﻣﺮﺣﺒﺎ", "a\u00a0b", "emoji \u200d ok", "日本"]


@pytest.mark.parametrize("char", FORBIDDEN)
def test_a_control_or_bidi_character_is_refused_in_single_and_multi_line_text(char):
    for validator in (single_line, multi_line):
        with pytest.raises(ValidationError) as refused:
            validator(f"Gouv{char}ernement")
        assert f"U+{ord(char):04X}" in str(refused.value.messages[0])


@pytest.mark.parametrize("breaks", LINE_BREAKS)
def test_line_breaks_are_refused_on_one_line_and_kept_in_multi_line_text(breaks):
    with pytest.raises(ValidationError):
        single_line(f"Gouv{breaks}ernement")
    if breaks in ("\n", "\r", "\r\n"):
        multi_line(f"First line{breaks}second line")


@pytest.mark.parametrize("text", ALLOWED)
def test_ordinary_text_in_any_script_is_accepted(text):
    single_line(text)
    multi_line(text)


@given(st.text())
def test_any_text_is_either_refused_or_safe_in_every_output(text):
    try:
        multi_line(text)
    except ValidationError:
        return
    # Accepted text goes into XML, files and headers unchanged (but line breaks in headers).
    assert xml_safe(text) == text
    assert file_safe(text) == text
    text.encode("utf-8")


@given(st.text())
def test_the_outputs_make_any_stored_text_safe(text):
    xml.dom.minidom.parseString(f"<t>{xml_escape(xml_safe(text))}</t>")  # noqa: S318
    file_safe(text).encode("utf-8")
    subject = header_safe(text)
    assert "\n" not in subject and "\r" not in subject
    single_line(subject)


def xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")


# --- Every way in: form, admin, import, command -------------------------------------------------


def test_the_register_form_refuses_a_vertical_tab_naming_the_field(client, editor, register_form):
    client.force_login(editor)
    response = client.post(
        reverse("workspace:entry-create"), register_form(display_name="Gouv\x0bernement")
    )
    assert response.status_code == 200
    assert "U+000B" in str(response.context["form"].errors["display_name"])


def test_the_admin_refuses_a_bidi_override_in_a_ministry_name(client, superuser, ministry_a):
    client.force_login(superuser)
    data = {
        "name_fr": "Ministère \u202eseégnarF", "name_de": ministry_a.name_de,
        "name_en": ministry_a.name_en, "short_name": "MFIN", "slug": "finances",
        "website": "", "language": "fr", "services-TOTAL_FORMS": "0",
        "services-INITIAL_FORMS": "0", "services-MIN_NUM_FORMS": "0",
        "services-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    response = client.post(reverse("admin:accounts_ministry_change", args=[ministry_a.pk]), data)
    assert response.status_code == 200
    assert "U+202E" in str(response.context["adminform"].form.errors["name_fr"])


def test_the_import_refuses_a_control_character_naming_the_column(
    tmp_path, service_a, central_admin
):
    path = tmp_path / "in.csv"
    path.write_text(
        "link,display_name,service,team_name,team_email,languages\n"
        f"https://x.com/gouvlu,Gouv\u202eernement,{service_a.slug},Team,t@mfin.example.org,fr\n"
    )
    from io import StringIO

    out = StringIO()
    call_command("import_accounts", str(path), "--ministry", "finances", "--dry-run", stdout=out)
    assert "refused: Column display_name" in out.getvalue()
    assert "U+202E" in out.getvalue()


# --- Outputs for what is already stored ---------------------------------------------------------


@pytest.fixture
def stored_with_control_characters(make_entry):
    """An entry stored before the rule, as the probes left it (the ORM does not validate)."""
    return make_entry(
        Status.VERIFIED,
        display_name="Gouv\x0bernement\n\u202eofficiel's",
        public_notice="x",
    )


@pytest.mark.parametrize("language", ["fr", "de", "en"])
def test_the_feed_answers_valid_xml_for_text_stored_before_the_rule(
    client, stored_with_control_characters, language
):
    response = client.get(f"/{language}/feed/")
    assert response.status_code == 200
    xml.dom.minidom.parseString(response.content)  # noqa: S318 -- our own feed
    assert "Governement" not in response.content.decode()
    assert "Gouvernement" in response.content.decode().replace("\n", "")


def test_open_data_holds_no_control_character_from_stored_text(
    client, stored_with_control_characters
):
    from tests.conftest import content_of

    for path in ("/open-data/accounts.csv", "/open-data/accounts.json"):
        body = content_of(client.get(path)).decode()
        assert "\x0b" not in body and "\u202e" not in body


def test_a_mail_subject_is_one_line_of_plain_text_whatever_the_stored_name(
    stored_with_control_characters, reviewer, run_jobs
):
    emails.send_reminder(stored_with_control_characters, 7)
    run_jobs()
    subject = mail.outbox[-1].subject
    assert "\n" not in subject and "\x0b" not in subject and "\u202e" not in subject
    assert "officiel's" in subject  # not officiel&#x27;s: a subject is plain text


def test_send_review_reminders_sends_every_reminder_when_one_name_holds_a_line_break(
    make_entry, run_jobs
):
    import datetime

    from django.utils import timezone

    due = timezone.localdate() + datetime.timedelta(days=5)
    make_entry(Status.VERIFIED, next_review_due=due, display_name="Good one")
    make_entry(Status.VERIFIED, next_review_due=due, display_name="Bad\none")
    call_command("send_review_reminders")
    run_jobs()
    assert len(mail.outbox) >= 2  # every reminder went out, the broken name's included


def test_a_decision_e_mail_goes_out_for_an_entry_named_with_a_line_break(
    make_entry, reviewer, run_jobs
):
    entry = make_entry(Status.SUBMITTED, display_name="Two\nlines", assigned_reviewer=reviewer)
    workflow.verify(entry, by=reviewer, version=entry.version, checklist=answers_for("reviewer"))
    run_jobs()
    assert mail.outbox and "\n" not in mail.outbox[-1].subject
