"""Bulk import of a ministry's existing accounts from CSV (or a workbook, read as CSV by
registry/inventory.py): parse, check and preview each row.

The upload page and `manage.py import_accounts` share this: nothing is saved here. Each row
comes back as will-be-created (with the data `services.create_imported` takes) or refused,
with the reasons in plain words.
"""

import csv
import io
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from accounts.models import ExternalAgency
from accounts.text import describe, forbidden_character
from registry.exports.csv_safety import FORMULA_STARTS
from registry.fields import normalise
from registry.imports.service_names import ServiceNames, services_by_name
from registry.links import InvalidAccountURL, parse_account_url
from registry.models import SocialAccount
from registry.services import duplicate_message, live_holder

__all__ = ["ImportFileError", "Preview", "Row", "preview", "services_by_name", "template_csv"]

COLUMNS = ("link", "display_name", "service", "team_name", "team_email", "languages")
# Columns a file may add (the ministry's inventory has them): empty when absent.
OPTIONAL_COLUMNS = ("agency", "purpose")
# Limits; settings IMPORT_MAX_BYTES and IMPORT_MAX_ROWS override them.
MAX_BYTES = 256 * 1024
MAX_ROWS = 500
_MAX_LENGTHS = {"display_name": 200, "team_name": 200, "team_email": 254, "purpose": 1000}


class ImportFileError(ValueError):
    """The file as a whole cannot be imported; str(exc) says why."""


@dataclass
class Row:
    line: int
    values: dict
    errors: list = field(default_factory=list)
    data: dict | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class Preview:
    rows: list

    @property
    def to_create(self) -> list:
        return [row for row in self.rows if row.ok]

    @property
    def refused(self) -> list:
        return [row for row in self.rows if not row.ok]


def decode(raw: bytes) -> str:
    """The file's text (UTF-8, with or without a byte-order mark), or a clear refusal naming
    the line of the first byte that is not UTF-8."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ImportFileError(
            _(
                "Line %(line)s is not UTF-8 text: save the file from your spreadsheet as "
                "“CSV UTF-8” (a spreadsheet or binary file cannot be read)."
            )
            % {"line": line}
        ) from None


def preview(text: str, *, services: ServiceNames) -> Preview:
    """Check every row of `text`; `services`: the importer's services by the names people see."""
    read = {"lines": 0}
    reader = _reader(text, read)
    try:
        return _preview_rows(reader, services=services)
    except csv.Error as exc:  # a cell over the size limit, a broken quote…
        raise _unreadable(read["lines"], exc) from None


def _unreadable(line: int, exc: csv.Error) -> ImportFileError:
    return ImportFileError(
        _("Line %(line)s cannot be read as CSV (%(reason)s): check its quotes and length.")
        % {"line": max(line, 1), "reason": exc}
    )


def _counted_lines(text: str, read: dict):
    """The text's lines, counting them in `read`: the csv module's own count lags behind the
    line it fails on."""
    for line in io.StringIO(text, newline=""):
        read["lines"] += 1
        yield line


def _preview_rows(reader: csv.DictReader, *, services: ServiceNames) -> Preview:
    max_rows = getattr(settings, "IMPORT_MAX_ROWS", MAX_ROWS)
    rows, seen = [], {}
    for values in reader:
        if not any(_cell(v).strip() for v in values.values()):
            continue
        if len(rows) >= max_rows:
            raise ImportFileError(
                _("The file has more than %(max)s rows: split it into several files.")
                % {"max": max_rows}
            )
        columns = COLUMNS + OPTIONAL_COLUMNS
        row = Row(line=reader.line_num, values={c: _cell(values.get(c)).strip() for c in columns})
        check_row(row, services=services, seen=seen)
        rows.append(row)
    if not rows:
        raise ImportFileError(_("The file has no rows to import."))
    return Preview(rows=rows)


def _cell(value) -> str:
    """A cell as text: a row longer than the header gives its extra cells as a list."""
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    return value or ""


def _reader(text: str, read: dict) -> csv.DictReader:
    first_line = text.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(_counted_lines(text.lstrip("\ufeff"), read), delimiter=delimiter)
    try:
        header = [(name or "").strip().lower() for name in (reader.fieldnames or [])]
    except csv.Error as exc:
        raise _unreadable(read["lines"], exc) from None
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise ImportFileError(
            _("The first line must name the columns %(columns)s; missing: %(missing)s.")
            % {"columns": ", ".join(COLUMNS), "missing": ", ".join(missing)}
        )
    reader.fieldnames = header
    return reader


def check_row(row: Row, *, services: ServiceNames, seen: dict) -> None:
    """Fill `row.errors`, or `row.data` when the row can be created."""
    values = row.values
    for column, value in values.items():
        found = forbidden_character(value, multiline=False)
        if found:
            row.errors.append(
                _("Column %(column)s: %(problem)s")
                % {"column": column, "problem": _forbidden(found)}
            )
        elif value.startswith(FORMULA_STARTS):
            row.errors.append(
                _(
                    "Column %(column)s starts with “%(char)s”: cells may not start with = + - @ "
                    "(a spreadsheet would run them as formulas)."
                )
                % {"column": column, "char": value[0]}
            )
    if row.errors:
        return
    ref = _check_link(row, seen)
    service = _check_service(row, services)
    for column in ("display_name", "team_name", "team_email"):
        if not values[column]:
            row.errors.append(_("Column %(column)s is empty.") % {"column": column})
        elif len(values[column]) > _MAX_LENGTHS[column]:
            row.errors.append(_("Column %(column)s is too long.") % {"column": column})
    languages = _check_languages(row)
    _check_email(row)
    agency = _check_agency(row)
    if len(values["purpose"]) > _MAX_LENGTHS["purpose"]:
        row.errors.append(_("Column %(column)s is too long.") % {"column": "purpose"})
    if not row.errors:
        row.data = _data(ref, values, service, languages) | {
            "agency": agency,
            "purpose": values["purpose"],
        }
        _check_as_saving_would(row)


def _data(ref, values: dict, service, languages: list) -> dict:
    return {
        "platform": ref.platform,
        "handle": ref.handle,
        "url": ref.url,
        "display_name": values["display_name"],
        "service": service,
        "team_name": values["team_name"],
        "team_email": values["team_email"].lower(),
        "languages": languages,
    }


# The model's field behind each column, to name the column in the model's own refusals.
_COLUMN_OF_FIELD = {"url": "link", "handle": "link", "platform": "link"}


def _check_as_saving_would(row: Row) -> None:
    """The model's own validation, as creating the entry runs it: what the preview accepts
    can be saved (a NUL, a too-long link, a character the register refuses…)."""
    entry = SocialAccount(**row.data)
    try:
        entry.full_clean(
            exclude=["created_by", *([] if row.data["purpose"] else ["purpose"])],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            column = _COLUMN_OF_FIELD.get(field, field)
            row.errors.extend(
                _("Column %(column)s: %(problem)s") % {"column": column, "problem": message}
                for message in messages
            )
        row.data = None


def _forbidden(found: tuple[int, str]) -> str:
    position, char = found
    return _(
        "This text holds an invisible or control character, %(character)s, at position "
        "%(position)s: retype it without that character."
    ) % {"character": describe(char), "position": position}


def _check_service(row: Row, services: ServiceNames):
    """The service the row names as the interface shows it (code, short name, name)."""
    found = services.find(row.values["service"])
    if len(found) == 1:
        return found[0]
    if found:
        row.errors.append(
            _("“%(name)s” names several services: write one of %(choices)s.")
            % {"name": row.values["service"], "choices": ", ".join(s.slug for s in found)}
        )
    else:
        row.errors.append(
            _(
                "Unknown service “%(name)s”, or not a service of your ministry: see the valid "
                "names on the import page."
            )
            % {"name": row.values["service"]}
        )
    return None


def _check_link(row: Row, seen: dict):
    try:
        ref = parse_account_url(row.values["link"])
    except InvalidAccountURL as exc:
        row.errors.append(exc.render(_))
        return None
    holder = live_holder(ref.platform, ref.handle)
    if holder is not None:
        row.errors.append(duplicate_message(holder))
    key = (ref.platform, ref.handle)
    if key in seen:
        row.errors.append(_("Same account as line %(line)s.") % {"line": seen[key]})
    else:
        seen[key] = row.line
    return ref


def _check_agency(row: Row):
    """The external agency the row names (its name, any case), None when the cell is empty."""
    name = row.values["agency"]
    if not name:
        return None
    found = ExternalAgency.objects.filter(name__iexact=name).first()
    if found is None:
        row.errors.append(_("Unknown agency “%(name)s”.") % {"name": name})
    return found


def _check_languages(row: Row) -> list:
    codes = [c for c in re.split(r"[\s,;/]+", row.values["languages"].lower()) if c]
    if not codes:
        row.errors.append(_("Column languages is empty: give codes such as “lb fr”."))
        return []
    try:
        return normalise(codes)
    except ValidationError as exc:
        row.errors.extend(exc.messages)
        return []


def _check_email(row: Row) -> None:
    if not row.values["team_email"]:
        return
    try:
        validate_email(row.values["team_email"])
    except ValidationError:
        row.errors.append(_("Column team_email is not an e-mail address."))


def template_csv(services: ServiceNames) -> str:
    """A file to fill in: the columns, then one row per service the importer may use, with the
    service named as the import accepts it and the link left empty (uploaded unchanged, every
    row is refused, so nothing is created by mistake)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for service in services.services:
        writer.writerow(
            [
                "",
                _("Name of the account"),
                service.short_name if _names_one(services, service.short_name) else service.slug,
                _("Name of the managing team"),
                "communication@example.org",
                "lb fr",
            ]
        )
    return out.getvalue()


def _names_one(services: ServiceNames, name: str) -> bool:
    return bool(name) and len(services.find(name)) == 1
