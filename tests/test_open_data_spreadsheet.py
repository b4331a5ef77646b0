"""Open data a journalist opens with a double-click: the XLSX download (typed dates, text kept
as text), the CSV left as programs read it, and the directory's filters on every file."""

import csv
import datetime
import io
import json

import openpyxl
import pytest
from django.urls import reverse

from registry.exports.open_data import COLUMNS
from registry.models import Platform, Status
from tests.conftest import content_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sheet_rows(response) -> list[dict]:
    workbook = openpyxl.load_workbook(io.BytesIO(content_of(response)), read_only=True)
    rows = list(workbook["accounts"].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(content_of(response).decode("utf-8"))))


def test_the_spreadsheet_has_the_csv_columns_and_one_row_per_public_account(
    client, verified_entry, closed_entry, make_entry
):
    make_entry(Status.DRAFT)
    response = client.get("/open-data/accounts.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert 'filename="accounts.xlsx"' in response["Content-Disposition"]
    rows = sheet_rows(response)
    assert tuple(rows[0]) == COLUMNS
    assert {row["handle"] for row in rows} == {verified_entry.handle, closed_entry.handle}


def test_the_spreadsheet_keeps_accents_leading_zeros_and_formula_like_text_as_they_are(
    client, make_entry
):
    entry = make_entry(
        Status.VERIFIED,
        handle="007agent",
        platform_account_id="000123",
        display_name='=HYPERLINK("http://evil.example")',
    )
    row = sheet_rows(client.get("/open-data/accounts.xlsx"))[0]
    assert row["id"] == entry.pk
    assert row["platform_account_id"] == "000123"
    assert row["handle"] == "007agent"
    assert row["display_name"] == '=HYPERLINK("http://evil.example")'  # a string, not a formula
    assert row["ministry_name_fr"] == "Ministère des Finances"
    assert row["languages"] == "lb fr"


def test_the_spreadsheet_gives_dates_as_dates_in_the_registrys_time_zone(
    client, make_entry, settings
):
    verified = datetime.datetime(2026, 1, 15, 9, 30, tzinfo=datetime.UTC)
    make_entry(Status.VERIFIED, verified_at=verified)
    row = sheet_rows(client.get("/open-data/accounts.xlsx"))[0]
    assert row["verified_at"] == datetime.datetime(2026, 1, 15, 10, 30)  # Luxembourg, winter
    assert row["closed_at"] is None


def test_the_spreadsheet_is_written_in_constant_memory_mode(client, verified_entry):
    """Constant-memory mode writes strings inline (no shared-strings table it would hold)."""
    import zipfile

    archive = zipfile.ZipFile(io.BytesIO(content_of(client.get("/open-data/accounts.xlsx"))))
    assert "xl/sharedStrings.xml" not in archive.namelist()
    assert b"inlineStr" in archive.read("xl/worksheets/sheet1.xml")


def test_the_csv_stays_plain_utf8_without_a_byte_order_mark(client, verified_entry):
    """The BOM is not added (docs/open-data.md says why): the spreadsheet download is the XLSX."""
    body = content_of(client.get("/open-data/accounts.csv"))
    assert body.startswith(b"id,page_url,")


# The same selection on every file: (query, handles expected among verified A, closed A, B).
SELECTIONS = [
    ({"ministry": "finances"}, {"verified", "closed"}),
    ({"ministry": "sante"}, {"other"}),
    ({"status": "closed"}, {"closed"}),
    ({"status": ["verified", "suspended"]}, {"verified", "other"}),
    ({"platform": Platform.X}, {"verified", "closed", "other"}),
    ({"platform": Platform.YOUTUBE}, set()),
    ({"ministry": "finances", "status": "verified"}, {"verified"}),
]


@pytest.fixture
def three_entries(verified_entry, closed_entry, other_ministry_entry) -> dict:
    return {
        verified_entry.handle: "verified",
        closed_entry.handle: "closed",
        other_ministry_entry.handle: "other",
    }


@pytest.mark.parametrize(("query", "expected"), SELECTIONS)
def test_every_file_can_be_filtered_by_ministry_platform_and_status(
    client, three_entries, query, expected
):
    got_csv = csv_rows(client.get("/open-data/accounts.csv", query))
    got_json = json.loads(content_of(client.get("/open-data/accounts.json", query)))["accounts"]
    got_xlsx = sheet_rows(client.get("/open-data/accounts.xlsx", query))
    for rows in (got_csv, got_json, got_xlsx):
        assert {three_entries[row["handle"]] for row in rows} == expected


REFUSED = [
    ({"ministry": "nowhere"}, "ministry"),
    ({"ministry": "not a slug!"}, "ministry"),
    ({"platform": "myspace"}, "platform"),
    ({"status": "draft"}, "status"),
    ({"status": "submitted"}, "status"),
    ({"ministy": "finances"}, "ministy"),
]


@pytest.mark.parametrize("file", ["accounts.csv", "accounts.json", "accounts.xlsx"])
@pytest.mark.parametrize(("query", "field"), REFUSED)
def test_a_bad_filter_gets_a_400_that_names_it(client, three_entries, file, query, field):
    response = client.get(f"/open-data/{file}", query)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_query"
    assert list(body["fields"]) == [field]
    assert body["fields"][field][0]


def test_the_directory_offers_the_files_with_its_own_filters(client, three_entries):
    response = client.get(
        reverse("public:directory"), {"ministry": "finances", "state": "closed", "q": "x"}
    )
    html = response.content.decode()
    assert 'href="/open-data/accounts.xlsx?ministry=finances&amp;status=closed"' in html
    assert 'href="/open-data/accounts.csv?ministry=finances&amp;status=closed"' in html
    link = client.get("/open-data/accounts.csv", {"ministry": "finances", "status": "closed"})
    assert [three_entries[row["handle"]] for row in csv_rows(link)] == ["closed"]


def test_the_unfiltered_directory_offers_every_file_unfiltered(client, three_entries):
    html = client.get(reverse("public:directory")).content.decode()
    for file in ("accounts.xlsx", "accounts.csv", "accounts.json"):
        assert f'href="/open-data/{file}"' in html
    assert "/open-data/accounts.csv?" not in html


def test_the_directory_default_state_is_offered_as_official_and_suspended(client, three_entries):
    html = client.get(reverse("public:directory"), {"platform": "x"}).content.decode()
    assert "/open-data/accounts.json?platform=x&amp;status=verified&amp;status=suspended" in html
