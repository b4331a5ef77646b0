"""The interface speaks French (default), German and English, with every string translated."""

from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[1] / "locale"


def untranslated(po: Path) -> list[str]:
    """msgids whose msgstr is empty (the header excepted)."""
    entries = po.read_text(encoding="utf-8").split("\n\n")[1:]
    missing = []
    for entry in entries:
        lines = [line for line in entry.splitlines() if not line.startswith("#")]
        text = "\n".join(lines)
        msgstrs = [line for line in lines if line.startswith("msgstr")]
        if msgstrs and all(line.endswith('""') for line in msgstrs):
            # a multi-line msgstr starts with "" and continues on the next lines
            continued = text.split(msgstrs[-1], 1)[1].strip()
            if not continued:
                missing.append(text.splitlines()[0])
    return missing


@pytest.mark.parametrize("language", ["fr", "de"])
def test_every_string_of_the_interface_is_translated(language):
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    missing = untranslated(po)
    assert missing == [], f"{len(missing)} strings without a {language} translation"
    # a fuzzy translation is a guess that gettext does not use: review it, then clear the flag
    assert "#, fuzzy" not in po.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/fr/verify/", "Vérifier un lien"),
        ("/de/verify/", "Link überprüfen"),
        ("/en/verify/", "Verify a link"),
        ("/fr/", "Comptes officiels"),
        ("/de/account/login/", "Anmelden"),
    ],
)
def test_pages_speak_the_language_of_their_address(client, db, path, words):
    response = client.get(path)
    assert response.status_code == 200
    assert words in response.content.decode()


def test_the_site_root_sends_a_visitor_to_french_by_default(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/fr/"


def test_the_site_root_follows_the_browser_language(client, db):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="de-LU,de;q=0.9")
    assert response["Location"] == "/de/"
