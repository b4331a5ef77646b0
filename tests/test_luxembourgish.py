"""Luxembourgish (issue 34, requirement 1): a full interface in lb beside fr, de and en. Every
message of our catalogue has its lb text, with the same placeholders and markup; the Django and
library strings our pages show, which Django's own lb catalogue lacks, are in ours; language
negotiation, the switcher, hreflang, the sitemap, the open data, the API, dates and e-mails
speak lb. (No French or German word on an lb page: tests/test_language_purity.py.)"""

import json
import re
from pathlib import Path

import polib
import pytest
from django.core import mail
from django.utils import timezone, translation
from django.utils.formats import date_format

from registry import workflow
from registry.models import Status
from tests.conftest import answers_for

LOCALE = Path(__file__).resolve().parents[1] / "locale"
PLACEHOLDER = re.compile(r"%(?:\([a-z_]+\))?[sd]|\{[a-z_]*\}|<[^>]+>")


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def texts(entry: polib.POEntry) -> list[tuple[str, str]]:
    if entry.msgid_plural:
        return [(entry.msgid, entry.msgstr_plural[0]), (entry.msgid_plural, entry.msgstr_plural[1])]
    return [(entry.msgid, entry.msgstr)]


def test_every_message_of_the_french_catalogue_has_a_luxembourgish_text():
    lb = {(e.msgctxt, e.msgid): e for e in catalogue("lb") if e.translated()}
    missing = [e.msgid for e in catalogue("fr") if (e.msgctxt, e.msgid) not in lb]
    assert missing == [], f"{len(missing)} messages without lb text"


def test_luxembourgish_keeps_every_placeholder_and_tag():
    wrong = [
        (source, text)
        for entry in catalogue("lb")
        for source, text in texts(entry)
        if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text))
    ]
    assert wrong == []


def test_the_luxembourgish_catalogue_has_two_plural_forms():
    lb = catalogue("lb")
    assert lb.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert all(len(e.msgstr_plural) == 2 for e in lb if e.msgid_plural)
    assert "#, fuzzy" not in (LOCALE / "lb" / "LC_MESSAGES" / "django.po").read_text()


@pytest.mark.parametrize(
    ("msgid", "text"),
    [
        ("This field is required.", "Dëst Feld ass obligatoresch."),  # Django's forms
        ("Save and continue editing", "Späicheren a weider änneren"),  # the admin
        (
            "The two password fields didn’t match.",
            "Déi zwee Passwuertfelder stëmmen net iwwereneen.",
        ),
        (
            "Multiple values may be separated by commas.",
            "Méi Wäerter kënne mat Kommae getrennt ginn.",
        ),
    ],
)
def test_django_and_library_strings_that_djangos_lb_lacks_are_ours(msgid, text):
    with translation.override("lb"):
        assert translation.gettext(msgid) == text


def test_a_luxembourgish_browser_gets_the_luxembourgish_site(client, db):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="lb-LU,lb;q=0.9,fr;q=0.5")
    assert response["Location"] == "/lb/"
    page = client.get("/lb/verify/").content.decode()
    assert '<html lang="lb"' in page and "E Link iwwerpréiwen" in page


def test_the_switcher_names_each_language_in_itself_and_hreflang_lists_lb(client, db):
    page = client.get("/fr/").content.decode()
    assert 'hreflang="lb" lang="lb"' in page and ">Lëtzebuergesch</a>" in page
    assert '<link rel="alternate" hreflang="lb" href="http://testserver/lb/">' in page


def test_the_sitemap_lists_the_luxembourgish_pages(client, verified_entry):
    xml = client.get("/sitemap-accounts.xml").content.decode()
    assert f"http://testserver/lb/accounts/{verified_entry.pk}/" in xml


def test_the_open_data_catalogue_describes_itself_in_luxembourgish(client, db):
    catalog = json.loads(client.get("/open-data/catalog.jsonld").content)
    languages = {value["@language"] for value in catalog["dct:description"]}
    assert languages == {"lb", "fr", "de", "en"}
    described = [v["@value"] for v in catalog["dct:description"] if v["@language"] == "lb"]
    assert "Regierung" in described[0]
    assert "LTZ" in json.dumps(catalog["dcat:dataset"]["dct:language"])


def test_the_api_answers_in_luxembourgish_and_names_it_when_refusing_a_language(client, db):
    refused = client.get("/api/v1/accounts/", {"lang": "xx"})
    assert refused.status_code == 400 and "lb, fr, de, en" in refused.content.decode()
    assert client.get("/api/v1/accounts/", {"lang": "lb"}).status_code == 200


def test_dates_are_written_the_luxembourgish_way(db):
    moment = timezone.make_aware(timezone.datetime(2026, 5, 3, 14, 5))
    with translation.override("lb"):
        assert date_format(moment, "DATE_FORMAT") == "3. Mee 2026"
        assert date_format(moment, "DATETIME_FORMAT") == "3. Mee 2026, 14:05"
    with translation.override("fr"):
        assert date_format(moment, "SHORT_DATE_FORMAT") == "3 mai 2026"  # one format per language


def test_the_not_found_page_speaks_luxembourgish(client, db):
    response = client.get("/lb/accounts/999999/")
    assert response.status_code == 404 and "Säit net fonnt" in response.content.decode()


def test_a_person_who_reads_luxembourgish_gets_luxembourgish_e_mails(
    run_jobs, make_entry, editor, reviewer
):
    editor.language = "lb"
    editor.save()
    entry = make_entry(Status.SUBMITTED, assigned_reviewer=reviewer)
    workflow.verify(entry, by=reviewer, version=entry.version, checklist=answers_for("reviewer"))
    run_jobs()
    body = next(m.body for m in mail.outbox if editor.email in m.to)
    assert "ass verifizéiert" in body and f"/lb/workspace/entries/{entry.pk}/" in body


def test_the_badge_and_the_share_card_speak_luxembourgish(client, verified_entry):
    badge = client.get(f"/badges/{verified_entry.pk}.svg", {"lang": "lb"}).content.decode()
    assert "Am Register verifizéiert" in badge and "Verified in the registry" not in badge
    page = client.get(f"/lb/accounts/{verified_entry.pk}/").content.decode()
    title = re.search(r'<meta property="og:title" content="([^"]*)"', page)[1]
    assert title.endswith(": offizielle Kont")  # "%(name)s (%(platform)s): official account"
