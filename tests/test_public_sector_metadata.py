"""Licence and public-sector metadata (issue 33.3): the code is under EUPL-1.2 with REUSE
annotations for every file (`reuse lint`), and publiccode.yml validates against the published
schema (tests/data/publiccode/README.md says why not the Go parser)."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "tests" / "data" / "publiccode" / "publiccode.schema.json"


@pytest.fixture
def publiccode() -> dict:
    return yaml.safe_load((ROOT / "publiccode.yml").read_text(encoding="utf-8"))


def test_publiccode_yml_validates_against_the_published_schema(publiccode):
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(publiccode)]
    assert errors == []


def test_the_schema_catches_a_broken_publiccode_yml(publiccode):
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    del publiccode["legal"]
    publiccode["developmentStatus"] = "finished"
    assert len(list(jsonschema.Draft7Validator(schema).iter_errors(publiccode))) == 2


def test_publiccode_names_the_licence_and_languages_the_project_has(publiccode):
    from django.conf import settings

    assert publiccode["legal"]["license"] == "EUPL-1.2"
    assert (ROOT / "LICENSES" / "EUPL-1.2.txt").read_text() == (ROOT / "LICENSE").read_text()
    languages = [code for code, _name in settings.LANGUAGES]
    assert set(publiccode["localisation"]["availableLanguages"]) <= set(languages)
    assert (ROOT / publiccode["logo"]).is_file()


def test_every_file_has_its_licence_and_copyright():
    reuse = shutil.which("reuse", path=str(Path(sys.executable).parent))
    assert reuse, "reuse is in requirements-dev.txt"
    done = subprocess.run([reuse, "--root", str(ROOT), "lint"], capture_output=True, text=True)  # noqa: S603
    assert done.returncode == 0, done.stdout[-3000:]
