"""The signed offline list: /.well-known/official-accounts.json, its signature and its key.

One version per register version, like the open-data files: `current()` returns the stored
version when the register has not changed since, or builds the next one (the same accounts keep
their version until half of its lifetime has passed). The bytes stored are the bytes served and
signed; `version` only grows. A list rebuilt only because it aged bumps the register version,
so no worker keeps serving the older list beside the newer signature.
"""

import base64
import datetime
import hashlib
import json

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from registry.exports import offline_list
from registry.freshness.kept import register_version
from registry.models import SignedList
from registry.public_changes import register_changed
from registry.transparency import keys, log


def accounts() -> dict:
    """What the list holds: the verified accounts, and every public entry (registry.exports.
    offline_list)."""
    return {"accounts": offline_list.official_accounts(), "entries": offline_list.offline_entries()}


def utc_text(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def document(items: dict, *, version: int, at: datetime.datetime, log_size: int) -> dict:
    return {
        "publisher": settings.SITE_URL,
        "description": "Verified official accounts of the government, from its registry.",
        "documentation": settings.SITE_URL + "/api/docs/",
        "version": version,
        "generated_at": utc_text(at),
        "expires": utc_text(at + datetime.timedelta(days=settings.TRANSPARENCY_LIST_DAYS)),
        "log_size": log_size,
        "count": len(items["accounts"]),
        "accounts": items["accounts"],
        "entries": items["entries"],
    }


def _fresh(row: SignedList, now: datetime.datetime) -> bool:
    return now < row.generated_at + (row.expires - row.generated_at) / 2


def current() -> SignedList:
    """The list to serve now (built when the register changed since the last one)."""
    number = register_version()
    version = "" if number is None else str(number)
    last = SignedList.objects.order_by("-version").first()
    now = timezone.now()
    if last and version and last.register_version == version and _fresh(last, now):
        return last
    return _build(version, last, now)


@transaction.atomic
def _build(register_version: str, last: SignedList | None, now) -> SignedList:
    """Two workers building at once both store a version (the higher one is served after):
    no lock holds back the register's changes while a large list is read."""
    log_size = log.size()  # read before the accounts: the list reflects at least this much
    items = accounts()
    digest = hashlib.sha256(json.dumps(items).encode()).hexdigest()
    if last and last.accounts_digest == digest and _fresh(last, now):
        SignedList.objects.filter(pk=last.pk).update(register_version=register_version)
        return last
    row = SignedList.objects.create(
        register_version=register_version,
        accounts_digest=digest,
        generated_at=now.replace(microsecond=0),
        expires=now.replace(microsecond=0),
        log_size=log_size,
        body=b"",
        signature="",
    )
    body = document(items, version=row.version, at=row.generated_at, log_size=log_size)
    row.body = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    row.expires = row.generated_at + datetime.timedelta(days=settings.TRANSPARENCY_LIST_DAYS)
    row.signature = base64.b64encode(keys.signing_key().sign(row.body)).decode()
    row.save(update_fields=["body", "expires", "signature"])
    if last and last.accounts_digest == digest:
        register_changed()  # rebuilt because it aged: no worker serves the older one after
    return row
