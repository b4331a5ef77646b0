"""What a pushed change says: versioned JSON with the public facts only, and its JSON Schema.

Version 1 (`"version": 1`): fields are only ever added within a version; a field removed or
whose meaning changes makes version 2, announced beforehand. The schema below is published in
the OpenAPI document's `webhooks` section (registry/push/openapi.py).
"""

import datetime

from django.conf import settings
from django.urls import reverse

from registry.models import PublicChange, SocialAccount

VERSION = 1


def event_type(kind: str) -> str:
    """`account.suspended`: the Standard Webhooks `type` of a public change."""
    return f"account.{kind}"


def build(entry: SocialAccount, kind: str, *, change_id: int, when, log: dict | None) -> dict:
    """The payload of change `change_id` (`kind`) of `entry`, as citizens see the entry now."""
    ministry = entry.service.ministry
    return {
        "version": VERSION,
        "id": f"chg_{change_id}",
        "type": event_type(kind),
        "timestamp": when.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z"),
        "data": {
            "change": kind,
            "account": {
                "id": entry.pk,
                "platform": entry.platform,
                "handle": entry.handle,
                "url": entry.url,
                "display_name": entry.display_name,
                "status": entry.status,
                "public_notice": entry.public_notice,
                "page_url": settings.SITE_URL + reverse("public:account", args=[entry.pk]),
            },
            "ministry": {
                "slug": ministry.slug,
                "name": {"fr": ministry.name_fr, "de": ministry.name_de, "en": ministry.name_en},
            },
        },
        "log": log,
    }


SCHEMA = {
    "type": "object",
    "description": "One public change of the register (version 1).",
    "required": ["version", "id", "type", "timestamp", "data", "log"],
    "additionalProperties": False,
    "properties": {
        "version": {"type": "integer", "const": VERSION},
        "id": {
            "type": "string",
            "pattern": "^chg_[0-9]+$",
            "description": "The change; also the `webhook-id` header. Larger is later.",
        },
        "type": {"type": "string", "enum": [event_type(k) for k in PublicChange.values]},
        "timestamp": {"type": "string", "format": "date-time"},
        "data": {
            "type": "object",
            "required": ["change", "account", "ministry"],
            "properties": {
                "change": {"type": "string", "enum": list(PublicChange.values)},
                "account": {
                    "type": "object",
                    "required": ["id", "platform", "handle", "url", "display_name", "status"],
                    "properties": {
                        "id": {"type": "integer"},
                        "platform": {"type": "string"},
                        "handle": {"type": "string"},
                        "url": {"type": "string", "format": "uri"},
                        "display_name": {"type": "string"},
                        "status": {"type": "string"},
                        "public_notice": {"type": "string"},
                        "page_url": {"type": "string", "format": "uri"},
                    },
                },
                "ministry": {
                    "type": "object",
                    "required": ["slug", "name"],
                    "properties": {
                        "slug": {"type": "string"},
                        "name": {
                            "type": "object",
                            "properties": {lang: {"type": "string"} for lang in ("fr", "de", "en")},
                        },
                    },
                },
            },
        },
        "log": {
            "description": "The change's entry in the transparency log (null until it has one).",
            "oneOf": [
                {"type": "null"},
                {
                    "type": "object",
                    "required": ["index", "leaf_hash"],
                    "properties": {
                        "index": {"type": "integer", "minimum": 0},
                        "leaf_hash": {"type": "string"},
                    },
                },
            ],
        },
    },
}

EXAMPLE = {
    "version": 1,
    "id": "chg_4812",
    "type": "account.suspended",
    "timestamp": "2026-12-04T03:15:00.123456Z",
    "data": {
        "change": "suspended",
        "account": {
            "id": 42,
            "platform": "x",
            "handle": "MinFinances",
            "url": "https://x.com/MinFinances",
            "display_name": "Ministère des Finances",
            "status": "suspended",
            "public_notice": "Compte piraté : ne suivez pas ses liens.",
            "page_url": "https://registry.example.org/fr/accounts/42/",
        },
        "ministry": {
            "slug": "finances",
            "name": {"fr": "Ministère des Finances", "de": "Finanzministerium", "en": "Finance"},
        },
    },
    "log": {"index": 1207, "leaf_hash": "sha256:5d41402abc4b2a76b9719d911017c592…"},
}
