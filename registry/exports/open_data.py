"""Open data: every public entry, one row per account, as CSV and JSON (UTF-8).

CSV cells that a spreadsheet would run as a formula start with a quote
(registry.exports.csv_safety).
The columns are a contract, documented in docs/open-data.md: add new ones at the end, never
rename or remove one. Both files start from `SocialAccount.objects.public()`.

Both are streamed, a chunk of rows at a time, from one database cursor: a worker's memory stays
the same whether the register holds a thousand accounts or a hundred thousand.
"""

import csv
import io
import json
from collections.abc import Iterator

from django.db import connection
from django.http import StreamingHttpResponse
from django.urls import path, reverse
from django.utils import translation

from accounts.access import Rule, access
from accounts.text import file_safe
from registry.exports.csv_safety import neutralise_row
from registry.models import SocialAccount
from registry.public.caching import public_cache

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


def public_rows(request) -> Iterator[dict]:
    """The rows, read as the response is sent. The database is reached now: one that does not
    answer fails in the view (503, registry.operations), not in a response already started.
    (No cursor is opened before streaming: a response never read would leave it open.)"""
    connection.ensure_connection()
    entries = SocialAccount.objects.public().with_related().order_by("pk")
    pages = page_urls(request)
    return (row_of(entry, pages(entry.pk)) for entry in entries.iterator(chunk_size=CHUNK))


def page_urls(request):
    """pk -> the absolute address of that account's page in French, the default language (a
    stable address to cite). Reversed once: per row, it cost a third of the export's time."""
    with translation.override("fr"):
        example = reverse("public:account", args=[0])
    prefix = request.build_absolute_uri(example.removesuffix("0/"))
    return lambda pk: f"{prefix}{pk}/"


def _attachment(response: StreamingHttpResponse, name: str) -> StreamingHttpResponse:
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@public_cache
@access(Rule.PUBLIC)
def accounts_csv(request):
    response = StreamingHttpResponse(
        _csv_lines(public_rows(request)), content_type="text/csv; charset=utf-8"
    )
    return _attachment(response, "accounts.csv")


def _csv_lines(rows: Iterator[dict]) -> Iterator[str]:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for number, row in enumerate(rows, start=1):
        writer.writerow(neutralise_row(row | {"languages": " ".join(row["languages"])}))
        if number % CHUNK == 0:
            yield _taken(out)
    yield _taken(out)


def _taken(out: io.StringIO) -> str:
    text = out.getvalue()
    out.seek(0)
    out.truncate()
    return text


@public_cache
@access(Rule.PUBLIC)
def accounts_json(request):
    response = StreamingHttpResponse(
        _json_parts(public_rows(request)), content_type="application/json; charset=utf-8"
    )
    return _attachment(response, "accounts.json")


def _json_parts(rows: Iterator[dict]) -> Iterator[str]:
    """`{"columns": [...], "accounts": [...], "count": N}`, one account a line; the count comes
    last, so that it is the number of accounts written, whatever changed meanwhile."""
    yield '{"columns": ' + json.dumps(list(COLUMNS)) + ',\n"accounts": ['
    count = 0
    for row in rows:
        yield ("\n" if count == 0 else ",\n") + json.dumps(row, ensure_ascii=False)
        count += 1
    yield f'\n],\n"count": {count}}}\n'


# Included at the top level of registry/urls.py: no language prefix, stable addresses.
urlpatterns = [
    path("accounts.csv", accounts_csv, name="open-data-csv"),
    path("accounts.json", accounts_json, name="open-data-json"),
]
