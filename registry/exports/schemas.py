"""JSON Schemas (draft 2020-12) of the JSON files the registry gives out, for programs that
check what they read: `accounts.json` (its columns typed by the same rules as the CSV's Table
Schema, registry.exports.catalog) and the list of verified accounts that scanners keep offline
(`/.well-known/official-accounts.json`). Both are listed in the data package."""

from django.http import HttpResponse

from accounts.access import Rule, access
from registry.exports.catalog import DATE_COLUMNS, ENUMS, URI_COLUMNS, _absolute, _json
from registry.exports.open_data import COLUMNS

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def _column(column: str) -> dict:
    if column == "id":
        return {"type": "integer", "minimum": 1}
    if column == "languages":
        return {"type": "array", "items": {"type": "string"}}
    if column in DATE_COLUMNS:  # empty when the event has not happened
        return {"anyOf": [{"type": "string", "format": "date-time"}, {"const": ""}]}
    if column in ENUMS:
        return {"enum": ENUMS[column]}
    if column in URI_COLUMNS:
        return {"type": "string", "format": "uri"}
    return {"type": "string"}


def accounts_schema(request) -> dict:
    row = {
        "type": "object",
        "properties": {column: _column(column) for column in COLUMNS},
        "required": list(COLUMNS),
        "additionalProperties": False,
    }
    return {
        "$schema": DRAFT,
        "$id": _absolute(request, "open-data-json-schema"),
        "title": "accounts.json: the official accounts of the government",
        "type": "object",
        "properties": {
            "columns": {"type": "array", "items": {"enum": list(COLUMNS)}},
            "accounts": {"type": "array", "items": row},
            "count": {"type": "integer", "minimum": 0},
        },
        "required": ["columns", "accounts", "count"],
    }


def official_accounts_schema(request) -> dict:
    account = {
        "type": "object",
        "properties": {
            "platform": {"enum": ENUMS["platform"]},
            "handle": {"type": "string", "minLength": 1},
            "url": {"type": "string", "format": "uri"},
            "platform_account_id": {"type": "string"},
        },
        "required": ["platform", "handle", "url", "platform_account_id"],
        "additionalProperties": False,
    }
    return {
        "$schema": DRAFT,
        "$id": _absolute(request, "official-accounts-schema"),
        "title": "official-accounts.json: the verified accounts, for scanners that work offline",
        "type": "object",
        "properties": {
            "publisher": {"type": "string", "format": "uri"},
            "description": {"type": "string"},
            "documentation": {"type": "string", "format": "uri"},
            "count": {"type": "integer", "minimum": 0},
            "accounts": {"type": "array", "items": account},
        },
        "required": ["publisher", "count", "accounts"],
    }


@access(Rule.PUBLIC)
def accounts_json_schema(request) -> HttpResponse:
    return _cached(_json(accounts_schema(request), SCHEMA_TYPE))


@access(Rule.PUBLIC)
def official_accounts_json_schema(request) -> HttpResponse:
    return _cached(_json(official_accounts_schema(request), SCHEMA_TYPE))


SCHEMA_TYPE = "application/schema+json"


def _cached(response: HttpResponse) -> HttpResponse:
    # A schema changes with a release, not with the register.
    response["Cache-Control"] = "public, max-age=3600"
    return response
