"""Open data: every public entry, one row per account, as CSV and JSON (UTF-8); the same rows
as a spreadsheet in registry.exports.spreadsheet, a selection of them (`?ministry=&platform=
&status=`) in registry.exports.selection, their description for data portals in
registry.exports.catalog.

The CSV carries every value as it is, for programs; the spreadsheet is what people open and
runs no formula (registry.exports.csv_safety).
The columns are a contract, documented in docs/open-data.md: add new ones at the end, never
rename or remove one. Both files start from `SocialAccount.objects.public()`.

The whole register is written to files once per register version by a job
(registry.exports.files) and served from them; a selection, or a version whose files are not
built yet, is streamed, a chunk of rows at a time, from one database cursor: a worker's memory
stays the same whether the register holds a thousand accounts or a million.
"""

import csv
import io
import json
from collections.abc import Iterator

from django.db import connection
from django.http import HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import translation

from accounts.access import Rule, access
from accounts.text import file_safe
from registry.exports import files
from registry.exports.selection import InvalidSelection, refusal, selected, selected_entries
from registry.models import SocialAccount
from registry.web.caching import public_answer

COLUMNS = (
    "id", "page_url", "status", "platform", "handle", "account_url", "platform_account_id",
    "display_name", "kind", "languages", "purpose", "team_name",
    "ministry", "ministry_name_fr", "ministry_name_de", "ministry_name_en",
    "service", "service_name_fr", "service_name_de", "service_name_en",
    "verified_at", "last_confirmed_at", "closed_at", "status_changed_at", "public_notice",
)  # fmt: skip


def _when(value) -> str:
    return value.isoformat() if value else ""


# Free text, which may hold characters stored before they were refused (accounts.text).
_TYPED = (
    "handle", "platform_account_id", "display_name", "purpose", "team_name",
    "ministry_name_fr", "ministry_name_de", "ministry_name_en",
    "service_name_fr", "service_name_de", "service_name_en", "public_notice",
)  # fmt: skip


def row_of(entry: SocialAccount, page_url: str) -> dict:
    row = _raw_row(entry, page_url)
    for column in _TYPED:
        row[column] = file_safe(row[column])
    return row


def _raw_row(entry: SocialAccount, page_url: str) -> dict:
    service, ministry = entry.service, entry.service.ministry
    return {
        "id": entry.pk, "page_url": page_url, "status": entry.status,
        "platform": entry.platform, "handle": entry.handle, "account_url": entry.url,
        "platform_account_id": entry.platform_account_id, "display_name": entry.display_name,
        "kind": entry.kind, "languages": list(entry.languages), "purpose": entry.purpose,
        "team_name": entry.team_name, "ministry": ministry.slug,
        "ministry_name_fr": ministry.name_fr, "ministry_name_de": ministry.name_de,
        "ministry_name_en": ministry.name_en, "service": service.slug,
        "service_name_fr": service.name_fr, "service_name_de": service.name_de,
        "service_name_en": service.name_en, "verified_at": _when(entry.verified_at),
        "last_confirmed_at": _when(entry.last_confirmed_at), "closed_at": _when(entry.closed_at),
        "status_changed_at": _when(entry.status_changed_at), "public_notice": entry.public_notice,
    }  # fmt: skip


CHUNK = 2000  # rows fetched from the cursor at a time


def public_rows(site: str, selection: dict) -> Iterator[dict]:
    pages = page_urls(site)
    for entry in selected_entries(selection).iterator(chunk_size=CHUNK):
        yield row_of(entry, pages(entry.pk))


def with_selection(view):
    """Reads `?ministry=&platform=&status=` (a 400 naming a bad one) and passes the selection."""

    def wrapped(request) -> HttpResponse:
        try:
            selection = selected(request)
        except InvalidSelection as error:
            return refusal(error)
        return view(request, selection)

    wrapped.__name__, wrapped.__doc__ = view.__name__, view.__doc__
    return wrapped


def site_of(request) -> str:
    """The scheme and host the request came to (`https://registre.example`)."""
    return request.build_absolute_uri("/").rstrip("/")


def page_urls(site: str):
    """pk -> the absolute address on `site` of that account's page in French, the default
    language (a stable address to cite). Reversed once: per row, it cost a third of the
    export's time."""
    with translation.override("fr"):
        example = reverse("public:account", args=[0])
    prefix = site + example.removesuffix("0/")
    return lambda pk: f"{prefix}{pk}/"


def _attachment(response: StreamingHttpResponse, name: str) -> StreamingHttpResponse:
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@access(Rule.PUBLIC)
def accounts_csv(request) -> HttpResponse:
    """The file the job built for this register version; else (a selection, or no file for
    this version yet) the rows streamed from the database."""
    return files.served(request, "csv") or _streamed_csv(request)


@public_answer
@with_selection
def _streamed_csv(request, selection: dict):
    connection.ensure_connection()  # a database that does not answer: 503 before streaming
    response = StreamingHttpResponse(
        csv_lines(site_of(request), selection), content_type=files.FORMATS["csv"].content_type
    )
    return _attachment(response, "accounts.csv")


def csv_lines(site: str, selection: dict) -> Iterator[str]:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for number, row in enumerate(public_rows(site, selection), start=1):
        writer.writerow(row | {"languages": " ".join(row["languages"])})
        if number % CHUNK == 0:
            yield _taken(out)
    yield _taken(out)


def _taken(out: io.StringIO) -> str:
    text = out.getvalue()
    out.seek(0)
    out.truncate()
    return text


@access(Rule.PUBLIC)
def accounts_json(request) -> HttpResponse:
    """As accounts_csv: the built file, else the rows streamed."""
    return files.served(request, "json") or _streamed_json(request)


@public_answer
@with_selection
def _streamed_json(request, selection: dict):
    connection.ensure_connection()  # a database that does not answer: 503 before streaming
    response = StreamingHttpResponse(
        json_parts(site_of(request), selection), content_type=files.FORMATS["json"].content_type
    )
    return _attachment(response, "accounts.json")


def json_parts(site: str, selection: dict) -> Iterator[str]:
    """`{"columns": [...], "accounts": [...], "count": N}`, one account a line; the count comes
    last, so that it is the number of accounts written, whatever changed meanwhile."""
    yield '{"columns": ' + json.dumps(list(COLUMNS)) + ',\n"accounts": ['
    count = 0
    for row in public_rows(site, selection):
        yield ("\n" if count == 0 else ",\n") + json.dumps(row, ensure_ascii=False)
        count += 1
    yield f'\n],\n"count": {count}}}\n'
