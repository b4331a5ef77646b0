"""The open data as a spreadsheet (`/open-data/accounts.xlsx`): what a journalist opens with a
double-click, with the CSV's columns.

Written by XlsxWriter in its constant-memory mode: each row goes to a temporary file as it is
written, so a worker's memory stays the same whatever the size of the register; the finished
file is then sent from disk. Dates are real dates (in the registry's time zone: a spreadsheet
cell has none), every text cell is a string (a handle or a platform id of digits keeps its
leading zeros, and no cell can be read as a formula), the id is a number.
"""

import datetime
import tempfile
from zoneinfo import ZoneInfo

import xlsxwriter
from django.conf import settings
from django.http import FileResponse
from django.utils import timezone

from accounts.access import Rule, access
from registry.exports.open_data import CHUNK, COLUMNS, page_urls, row_of, site_of, with_selection
from registry.exports.selection import selected_entries
from registry.web.caching import public_answer

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_COLUMNS = ("verified_at", "last_confirmed_at", "closed_at", "status_changed_at")
WIDTHS = {"id": 8, "display_name": 40, "purpose": 50, "page_url": 45, "account_url": 45}


@public_answer
@access(Rule.PUBLIC)
@with_selection
def accounts_xlsx(request, selection: dict):
    """Built whole before the first byte is sent (a zip file cannot be streamed as it is made)."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it when sent)
    write_workbook(out, request, selection)
    out.seek(0)
    response = FileResponse(out, content_type=XLSX, as_attachment=True, filename="accounts.xlsx")
    response["Access-Control-Allow-Origin"] = "*"
    return response


def write_workbook(out, request, selection: dict) -> None:
    workbook = xlsxwriter.Workbook(out, {"constant_memory": True, "strings_to_numbers": False})
    sheet = workbook.add_worksheet("accounts")
    header = workbook.add_format({"bold": True})
    dates = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    for number, column in enumerate(COLUMNS):
        width = 20 if column in DATE_COLUMNS else WIDTHS.get(column, 18)
        sheet.set_column(number, number, width, dates if column in DATE_COLUMNS else None)
        sheet.write_string(0, number, column, header)
    sheet.freeze_panes(1, 0)
    pages = page_urls(site_of(request))
    entries = selected_entries(selection).iterator(chunk_size=CHUNK)
    last = 0
    for last, entry in enumerate(entries, start=1):
        _write_row(sheet, last, entry, pages(entry.pk), dates)
    sheet.autofilter(0, 0, last, len(COLUMNS) - 1)
    workbook.close()


def _write_row(sheet, number: int, entry, page_url: str, dates) -> None:
    row = row_of(entry, page_url) | {"languages": " ".join(entry.languages)}
    for column_number, column in enumerate(COLUMNS):
        if column == "id":
            sheet.write_number(number, column_number, entry.pk)
        elif column in DATE_COLUMNS:
            when = getattr(entry, column)
            if when is not None:
                sheet.write_datetime(number, column_number, _local(when), dates)
        elif row[column]:
            sheet.write_string(number, column_number, str(row[column]))


def _local(when: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(when, ZoneInfo(settings.TIME_ZONE)).replace(tzinfo=None)
