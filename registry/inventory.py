"""A ministry's inventory as a spreadsheet, both ways: its entries (every status, with contacts,
agency, purpose and next re-certification) downloaded as a workbook whose first columns are the
import's, and an uploaded workbook read as the import's CSV text (registry/imports.py checks
it, so a workbook and a CSV file go through the same rules).
"""

import csv
import datetime
import io
import zipfile

import xlsxwriter
from django.utils.translation import gettext as _

from registry.imports import COLUMNS, MAX_ROWS, OPTIONAL_COLUMNS, ImportFileError

# The import's columns, then what the register adds (ignored by the import).
INVENTORY_COLUMNS = (*COLUMNS, *OPTIONAL_COLUMNS, "status", "next_review_due", "platform", "handle")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_ZIP_MAGIC = b"PK\x03\x04"
MAX_COLUMNS = 50  # a sheet wider than this is not an inventory


def is_workbook(raw: bytes) -> bool:
    return raw.startswith(_ZIP_MAGIC)


def workbook_text(raw: bytes, *, max_rows: int = MAX_ROWS) -> str:
    """The first sheet of an .xlsx file as CSV text (its rows, up to one past `max_rows` so that
    the import can say the file is too long), or a clear refusal."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ImportFileError(
            _("This file cannot be read as an Excel workbook (.xlsx): %(reason)s")
            % {"reason": type(exc).__name__}
        ) from None
    try:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        rows = workbook.worksheets[0].iter_rows(values_only=True, max_col=MAX_COLUMNS)
        for number, values in enumerate(rows):
            if number > max_rows + 1:
                break
            writer.writerow([_cell_text(value) for value in values])
        return out.getvalue()
    finally:
        workbook.close()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def write_inventory(out, entries) -> None:
    """The entries as a workbook of INVENTORY_COLUMNS, every cell a string (never a formula)."""
    workbook = xlsxwriter.Workbook(out, {"constant_memory": True, "strings_to_numbers": False})
    sheet = workbook.add_worksheet("inventory")
    header = workbook.add_format({"bold": True})
    for number, column in enumerate(INVENTORY_COLUMNS):
        sheet.set_column(number, number, 24)
        sheet.write_string(0, number, column, header)
    sheet.freeze_panes(1, 0)
    for row_number, entry in enumerate(entries, start=1):
        for number, column in enumerate(INVENTORY_COLUMNS):
            text = inventory_cell(entry, column)
            if text:
                sheet.write_string(row_number, number, text)
    workbook.close()


def inventory_cell(entry, column: str) -> str:
    """One cell of the inventory, as the import reads it back."""
    values = {
        "link": entry.url,
        "service": entry.service.slug,
        "languages": " ".join(entry.languages),
        "agency": entry.agency.name if entry.agency else "",
        "status": entry.get_status_display(),
        "next_review_due": entry.next_review_due.isoformat() if entry.next_review_due else "",
    }
    return str(values[column] if column in values else getattr(entry, column) or "")
