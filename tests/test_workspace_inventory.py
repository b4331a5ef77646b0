"""A ministry's own inventory: its entries (every status, with contacts, agency, purpose and next
re-certification) as a workbook, and the import reading the same columns back, from an Excel
workbook as well as CSV."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from registry.imports import ImportFileError, preview, services_by_name
from registry.inventory import INVENTORY_COLUMNS, workbook_text
from registry.models import SocialAccount, Status


def sheet_rows(response) -> list[list]:
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [[c or "" for c in row] for row in workbook.worksheets[0].iter_rows(values_only=True)]


def workbook_of(rows: list[list]) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_the_inventory_lists_every_status_with_contacts_agency_and_next_review(
    client, ministry_admin, make_entry, agency, other_ministry_entry
):
    verified = make_entry(Status.VERIFIED, agency=agency)
    make_entry(Status.DRAFT)
    make_entry(Status.CLOSED)
    client.force_login(ministry_admin)
    response = client.get(reverse("workspace:inventory"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="inventory.xlsx"')
    header, *rows = sheet_rows(response)
    assert tuple(header) == INVENTORY_COLUMNS
    assert len(rows) == 3  # ministry A's three, not ministry B's
    by_link = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    row = by_link[verified.url]
    assert (row["team_email"], row["agency"], row["purpose"]) == (
        verified.team_email, agency.name, verified.purpose,
    )  # fmt: skip
    assert row["next_review_due"] == verified.next_review_due.isoformat()
    assert {r["status"] for r in by_link.values()} == {"Verified", "Draft", "Closed"}


def test_agency_staff_get_only_their_agencys_entries(client, agency_user, agency, make_entry):
    mine = make_entry(Status.VERIFIED, agency=agency)
    make_entry(Status.VERIFIED)
    client.force_login(agency_user)
    _, *rows = sheet_rows(client.get(reverse("workspace:inventory")))
    assert [row[0] for row in rows] == [mine.url]


def test_an_inventory_row_imports_back_with_its_agency_and_purpose(
    client, ministry_admin, make_entry, agency
):
    entry = make_entry(Status.VERIFIED, agency=agency)
    client.force_login(ministry_admin)
    header, row = sheet_rows(client.get(reverse("workspace:inventory")))
    # As if the register did not hold it any more (a withdrawn entry frees its handle).
    SocialAccount.objects.filter(pk=entry.pk).update(status=Status.WITHDRAWN)
    text = workbook_text(workbook_of([header, row]))
    result = preview(text, services=services_by_name([entry.service.ministry_id]))
    (imported,) = result.to_create
    assert imported.data["agency"] == agency
    assert imported.data["purpose"] == entry.purpose
    assert imported.data["handle"] == entry.handle


def test_the_import_page_takes_an_excel_workbook(client, editor, service_a):
    rows = [
        ["link", "display_name", "service", "team_name", "team_email", "languages", "purpose"],
        ["https://x.com/gouvxlsx", "Compte", service_a.slug, "Cellule", "c@mfin.example.org",
         "fr de", "Informer le public."],
    ]  # fmt: skip
    client.force_login(editor)
    upload = SimpleUploadedFile("accounts.xlsx", workbook_of(rows))
    response = client.post(reverse("workspace:import"), {"file": upload})
    assert response.status_code == 200
    (row,) = response.context["preview"].to_create
    assert (row.data["handle"], row.data["purpose"]) == ("gouvxlsx", "Informer le public.")


def test_an_unknown_agency_is_refused_by_name(editor, service_a, db):
    text = (
        "link,display_name,service,team_name,team_email,languages,agency\r\n"
        f"https://x.com/gouvx,Compte,{service_a.slug},Cellule,c@mfin.example.org,fr,Nulle part\r\n"
    )
    (row,) = preview(text, services=services_by_name([service_a.ministry_id])).refused
    assert "Unknown agency “Nulle part”." in row.errors


def test_a_file_that_is_not_a_workbook_is_refused_clearly():
    with pytest.raises(ImportFileError, match="Excel workbook"):
        workbook_text(b"PK\x03\x04 not really a zip")
