"""The registry as the government's verifier on Bluesky.

Bluesky shows a verification check on an account when a trusted verifier's repository holds an
`app.bsky.graph.verification` record naming the account's DID, handle and display name (the
profile's, as the watch last read it: Bluesky compares them with the profile's). With
the registry's own Bluesky account configured (`BLUESKY_VERIFIER`, from the environment; off when
unset), every change that may alter what Bluesky should show (a verification, a suspension, a
closure, a takeover, a rename) enqueues `sync_bluesky_verification` in the same transaction. The
job makes the repository agree with the register: one record while the entry is verified and
has its DID, with its current handle and name; none otherwise.

Idempotent: a record's key is chosen and committed before the record is written, and the key is
read back before writing, so a retried job never writes a second record. Failures are retried
with backoff through the queue; the state is kept in `BlueskyVerification` for the staff page.
"""

import datetime
import json
import logging
import secrets
import time
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from registry.models import BlueskyVerification, SocialAccount, Status, WatchState

log = logging.getLogger(__name__)
COLLECTION = "app.bsky.graph.verification"
MAX_ATTEMPTS = 8
TIMEOUT_SECONDS = 10
USER_AGENT = "OfficialAccountsRegistry/1.0 (Bluesky verifier)"
State = BlueskyVerification.State


class PDSError(Exception):
    """The PDS refused or could not be reached; `retryable` says whether to try again later."""

    def __init__(self, message: str, *, retryable: bool):
        super().__init__(message)
        self.retryable = retryable


def configured() -> bool:
    return bool(settings.BLUESKY_VERIFIER)


def desired(entry: SocialAccount) -> tuple[str, str, str] | None:
    """What the record should say for this entry, or None when there should be no record."""
    did = entry.platform_account_id
    if entry.platform != "bluesky" or entry.status != Status.VERIFIED or not did.startswith("did:"):
        return None
    return (did, entry.handle, profile_name(entry))


def profile_name(entry: SocialAccount) -> str:
    """The display name of the profile as the watch last read it on Bluesky: Bluesky counts a
    verification only while the record's handle and name are the profile's own. The name typed
    in the registry until the watch has read the profile. A change the watch sees queues a sync
    (registry.watch.findings.settle)."""
    seen = WatchState.objects.filter(entry=entry).values_list("last_seen", flat=True).first()
    return (seen or {}).get("display_name") or entry.display_name


def schedule_sync(entry: SocialAccount) -> None:
    """Queue the job in the caller's transaction, for a Bluesky entry, when the verifier is on."""
    if configured() and entry.platform == "bluesky":
        sync_bluesky_verification.enqueue(entry.pk)


@task()
def sync_bluesky_verification(entry_pk: int) -> str:
    try:
        return reconcile(entry_pk)
    except PDSError as exc:
        return _failed(entry_pk, exc)


def reconcile(entry_pk: int) -> str:
    """Make the registry's repository agree with the entry; returns what was done."""
    plan = _plan(entry_pk)
    if plan is None:
        return "unchanged"
    record, want = plan
    client = PDSClient.signed_in()
    if record.state == State.PUBLISHED:
        client.delete_record(record.rkey)
        _settle(record, state=State.WITHDRAWN, rkey="", uri="", says=("", "", ""))
    if want is None:
        return "withdrawn"
    uri = client.existing(record.next_rkey, want) or client.create_record(record.next_rkey, want)
    _settle(record, state=State.PUBLISHED, rkey=record.next_rkey, uri=uri, says=want)
    return "published"


def _plan(entry_pk: int) -> tuple[BlueskyVerification, tuple | None] | None:
    """Under a lock: what must change, with the new record's key chosen and committed first."""
    with transaction.atomic():
        entry = SocialAccount.objects.select_for_update().get(pk=entry_pk)
        record, _ = BlueskyVerification.objects.select_for_update().get_or_create(
            entry=entry, defaults={"state": State.WITHDRAWN}
        )
        want = desired(entry)
        if want == (record.says() if record.state == State.PUBLISHED else None):
            return None
        if want is not None and not record.next_rkey:
            record.next_rkey = new_record_key()
            if record.state != State.PUBLISHED:
                record.state = State.PENDING
            record.save(update_fields=["next_rkey", "state", "updated_at"])
    return record, want


def _settle(record, *, state, rkey, uri, says) -> None:
    fields = {"state": state, "rkey": rkey, "uri": uri, "attempts": 0, "last_error": ""}
    fields |= dict(zip(("subject_did", "handle", "display_name"), says, strict=True))
    if state == State.PUBLISHED:
        fields["next_rkey"] = ""
    BlueskyVerification.objects.filter(pk=record.pk).update(**fields, updated_at=timezone.now())
    record.state = state


def _failed(entry_pk: int, exc: PDSError) -> str:
    with transaction.atomic():
        record = BlueskyVerification.objects.select_for_update().get(entry_id=entry_pk)
        record.attempts += 1
        record.last_error = str(exc)[:2000]
        again = exc.retryable and record.attempts < MAX_ATTEMPTS
        if not again:
            record.state = State.FAILED
        record.save(update_fields=["attempts", "last_error", "state", "updated_at"])
        if again:
            delay = datetime.timedelta(minutes=2**record.attempts)
            sync_bluesky_verification.using(run_after=timezone.now() + delay).enqueue(entry_pk)
    log.warning("Bluesky verification of entry %s failed: %s", entry_pk, exc)
    return "retrying" if again else "failed"


_TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"


def new_record_key() -> str:
    """A TID (the record key format of Bluesky's verification records): 13 characters encoding
    the time in microseconds and a random clock id, sortable by time."""
    value = (time.time_ns() // 1000) << 10 | secrets.randbelow(1024)
    return "".join(_TID_ALPHABET[(value >> (5 * i)) & 31] for i in reversed(range(13)))


class PDSClient:
    """The few XRPC calls the verifier makes to the registry's PDS, signed in once per job."""

    def __init__(self, base: str, did: str, token: str):
        self.base, self.did, self.token = base, did, token

    @classmethod
    def signed_in(cls) -> "PDSClient":
        config = settings.BLUESKY_VERIFIER
        base = config["pds"].rstrip("/")
        session = _call(
            base,
            "com.atproto.server.createSession",
            body={"identifier": config["identifier"], "password": config["password"]},
        )
        return cls(base, session["did"], session["accessJwt"])

    def existing(self, rkey: str, says: tuple[str, str, str]) -> str:
        """The address of the record under `rkey` if a retried job already wrote it saying the
        same; a record under that key that says something else is deleted. Else ""."""
        query = {"repo": self.did, "collection": COLLECTION, "rkey": rkey}
        try:
            found = _call(self.base, "com.atproto.repo.getRecord", query=query)
        except PDSError as exc:
            if "RecordNotFound" in str(exc):
                return ""
            raise
        value = found.get("value", {})
        if (value.get("subject"), value.get("handle"), value.get("displayName")) == says:
            return found["uri"]
        self.delete_record(rkey)
        return ""

    def create_record(self, rkey: str, says: tuple[str, str, str]) -> str:
        did, handle, display_name = says
        record = {
            "$type": COLLECTION,
            "subject": did,
            "handle": handle,
            "displayName": display_name,
            "createdAt": timezone.now().isoformat().replace("+00:00", "Z"),
        }
        body = {"repo": self.did, "collection": COLLECTION, "rkey": rkey, "record": record}
        return self._post("com.atproto.repo.createRecord", body)["uri"]

    def delete_record(self, rkey: str) -> None:
        body = {"repo": self.did, "collection": COLLECTION, "rkey": rkey}
        self._post("com.atproto.repo.deleteRecord", body)

    def _post(self, method: str, body: dict) -> dict:
        return _call(self.base, method, body=body, token=self.token)


def _call(base: str, method: str, *, body=None, query=None, token: str = "") -> dict:
    url = f"{base}/xrpc/{method}"
    if query:
        url += "?" + urllib.parse.urlencode(query)
    headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
    data = None
    if body is not None:
        data, headers["Content-Type"] = json.dumps(body).encode(), "application/json"
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data=data, headers=headers)  # noqa: S310 (https PDS from settings)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            return json.loads(response.read(1_000_000) or b"{}")
    except urllib.error.HTTPError as exc:
        detail = exc.read(2000).decode("utf-8", "replace")
        retryable = exc.code >= 500 or exc.code == 429
        raise PDSError(f"{method}: HTTP {exc.code} {detail}", retryable=retryable) from exc
    except (OSError, ValueError) as exc:
        raise PDSError(f"{method}: {exc}", retryable=True) from exc
