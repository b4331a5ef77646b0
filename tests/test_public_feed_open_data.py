"""The Atom feed and the open-data exports: public entries only, stable columns, UTF-8."""

import csv
import io
import json

import pytest

from registry.exports import open_data
from registry.exports.open_data import COLUMNS
from registry.models import Status
from tests.conftest import content_of


def test_the_feed_lists_verified_suspended_and_closed_accounts(
    client, verified_entry, suspended_entry, closed_entry
):
    r = client.get("/en/feed/")
    assert r.status_code == 200
    assert r["Content-Type"].startswith("application/atom+xml")
    feed = r.content.decode()
    assert f"Official: {verified_entry.display_name}" in feed
    assert f"Suspended: {suspended_entry.display_name}" in feed
    assert f"Closed: {closed_entry.display_name}" in feed
    assert "Ce compte a été piraté." in feed


def test_the_csv_has_the_documented_columns_and_one_row_per_public_account(
    client, verified_entry, closed_entry, make_entry
):
    make_entry(Status.DRAFT)
    r = client.get("/open-data/accounts.csv")
    assert r["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(content_of(r).decode("utf-8"))))
    assert tuple(rows[0].keys()) == COLUMNS
    assert {row["handle"] for row in rows} == {verified_entry.handle, closed_entry.handle}
    first = next(row for row in rows if row["handle"] == verified_entry.handle)
    assert first["ministry_name_fr"] == "Ministère des Finances"
    assert first["languages"] == "lb fr"
    assert first["page_url"] == f"http://testserver/fr/accounts/{verified_entry.pk}/"


def test_the_json_has_the_same_rows(client, verified_entry):
    data = json.loads(content_of(client.get("/open-data/accounts.json")))
    assert data["columns"] == list(COLUMNS)
    assert data["count"] == 1
    assert data["accounts"][0]["languages"] == ["lb", "fr"]
    assert set(data["accounts"][0]) == set(COLUMNS)


@pytest.mark.parametrize("public", [0, 1, 4, 5])
def test_both_files_are_streamed_in_chunks_with_every_row_once(
    client, make_entry, monkeypatch, public
):
    monkeypatch.setattr(open_data, "CHUNK", 2)
    made = {make_entry(Status.VERIFIED).handle for _ in range(public)}
    make_entry(Status.SUBMITTED)
    r = client.get("/open-data/accounts.csv")
    assert r.streaming
    rows = list(csv.DictReader(io.StringIO(content_of(r).decode("utf-8"))))
    assert sorted(row["handle"] for row in rows) == sorted(made)
    r = client.get("/open-data/accounts.json")
    assert r.streaming
    data = json.loads(content_of(r))
    assert data["count"] == public
    assert sorted(row["handle"] for row in data["accounts"]) == sorted(made)


def test_the_documentation_names_every_column():
    with open("docs/open-data.md", encoding="utf-8") as doc:
        text = doc.read()
    for column in COLUMNS:
        assert f"`{column}`" in text, column
