"""Staff see words, not internals (issue 34, requirement 5): no dicts, role or group codes,
field names, raw English watch details or library model names on staff pages, in the history
and in the admin; one date format per language; French typography; one German word for
re-certification."""

import re
from pathlib import Path

import polib
from django.urls import reverse
from django.utils import translation

from accounts import services
from accounts.models import Membership
from accounts.roles import REVIEWERS
from registry.models import EntryChange, Observation, ReviewEvent, Status
from registry.wording import changes_in_words, checklist_in_words, watch_failure

ROOT = Path(__file__).resolve().parents[1]


def page(client, name: str, language: str, *args) -> str:
    with translation.override(language):
        url = reverse(name, args=args)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_people_audit_names_roles_not_codes(client, central_admin, editor, ministry_a):
    services.record_group_change(user=editor, actor=central_admin, old=set(), new={REVIEWERS})
    services.record_membership_changes(
        user=editor, actor=central_admin, old={ministry_a.pk: "editor"},
        new={ministry_a.pk: Membership.Role.MINISTRY_ADMIN},
    )  # fmt: skip
    services.record_person_changes(
        user=editor, actor=central_admin, changes={"full_name": ("Alice", "Alice Editor")}
    )
    client.force_login(central_admin)
    html = page(client, "admin:accounts_membershipevent_changelist", "fr")
    assert "Examinateur" in html and "Administrateur du ministère" in html
    assert "Nom complet\u00a0: Alice Editor" in html
    for code in ("reviewers", ">editor<", "ministry_admin", "full_name"):
        assert code not in html


def test_the_admin_says_yes_and_no_and_names_central_roles(client, central_admin, reviewer):
    client.force_login(central_admin)
    html = page(client, "admin:accounts_user_changelist", "fr")
    assert 'alt="True"' not in html and ">Oui<" in html
    assert ">central_admins<" not in html and "Administrateur central" in html


def test_the_second_factor_devices_are_named_in_the_readers_language(client, central_admin):
    client.force_login(central_admin)
    html = page(client, "admin:otp_totp_totpdevice_changelist", "fr")
    assert "TOTP device" not in html and "application d’authentification" in html
    assert "created at" not in html and "Par créé" in html
    assert "Search by user" not in html


def test_a_change_and_a_checklist_are_words_in_the_admin(
    client, central_admin, verified_entry, editor
):
    change = EntryChange.objects.create(
        entry=verified_entry, actor=editor,
        changes={"team_email": ["a@mfin.example.org", "b@mfin.example.org"],
                 "languages": [["fr"], ["lb", "fr"]]},
    )  # fmt: skip
    with translation.override("fr"):
        words = " ".join(changes_in_words(change.changes))
    assert "team_email" not in words and "['" not in words
    assert "a@mfin.example.org → b@mfin.example.org" in words
    assert "français → luxembourgeois, français" in words.lower()
    assert "Adresse fonctionnelle\u00a0: a@" in words  # French typography
    event = ReviewEvent.objects.create(
        entry=verified_entry, actor=editor, move="verify", to_status=Status.VERIFIED,
        checklist=[{"code": "ACTIVE", "label": {"fr": "Compte actif", "lb": "Aktive Kont"},
                    "answer": "meets", "note": ""}],
    )  # fmt: skip
    with translation.override("lb"):
        assert checklist_in_words(event.checklist) == ["Aktive Kont: Erfëllt"]
    client.force_login(central_admin)
    html = page(client, "admin:registry_reviewevent_change", "fr", event.pk)
    assert "Compte actif\u00a0: " in html
    assert "&quot;code&quot;" not in html and '"answer"' not in html


def test_the_watch_shows_its_failures_and_details_in_words(client, reviewer, bluesky_entry):
    Observation.objects.create(
        entry=bluesky_entry, kind=Observation.Kind.FAILED, error="timeout: read timed out"
    )
    Observation.objects.create(
        entry=bluesky_entry, kind=Observation.Kind.RENAMED,
        changes={"display_name": ["Gouvernement", "Gouv"]},
    )  # fmt: skip
    client.force_login(reviewer)
    html = page(client, "review:entry", "de", bluesky_entry.pk)
    assert "Die Plattform hat zu lange für die Antwort gebraucht." in html
    assert '<code lang="en">read timed out</code>' in html
    assert "display_name" not in html and "Numm vum Kont" not in html
    with translation.override("lb"):
        assert watch_failure("unreachable: no address for x") == (
            "D'Plattform war net ze erreechen.",
            "no address for x",
        )


def test_templates_write_dates_in_their_languages_format():
    hard_coded = [
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "templates").rglob("*")
        if path.is_file() and re.search(r'date:"[djmYHi.:/ -]+"', path.read_text())
    ]
    assert hard_coded == []


def msgstrs(language: str) -> list[str]:
    po = polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))
    return [text for e in po for text in (e.msgstr, *e.msgstr_plural.values()) if text]


def test_french_puts_a_no_break_space_before_high_punctuation():
    wrong = [t for t in msgstrs("fr") if re.search(r"(?<=[^\u00a0\u202f])[:;?!](?=\s|$)", t)]
    assert wrong == []


def test_german_uses_one_word_for_re_certification():
    texts = " ".join(msgstrs("de"))
    assert "Rezertifizierung" in texts
    assert not re.search(r"Neubestätigung|neu bestätig|Rezertifikation", texts)
