"""Writes of the workspace: creating and updating entries (status itself belongs to the workflow).

`create_entry` stores a new draft and records its first event; `update_entry` changes an entry's
data on the version its editor saw and records each change (who, when, old and new values) in
its history; a verified entry's changes are flagged for the central unit as "changed since
verification" (`contact_changed_at`).
"""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import ExternalAgency
from accounts.roles import memberships_of
from registry import workflow
from registry.errors import WorkflowError
from registry.fields import normalise
from registry.models import EntryAlias, EntryChange, Move, PublicChange, SocialAccount, Status
from registry.models.scope import agency_of
from registry.public_changes import record_public_change, register_changed

# The data a ministry may update at any time, even on a verified entry.
CONTACT_FIELDS = ("team_name", "team_email", "team_phone", "agency", "languages", "purpose")
# Everything else a ministry fills in; only editable while the entry is a draft or sent back.
DETAIL_FIELDS = (
    "display_name",
    "kind",
    "minister_mode",
    "campaign_end",
    "service",
    "platform_account_id",
)
IDENTITY_FIELDS = ("platform", "handle", "url")
EDITABLE_STATUSES = (Status.DRAFT, Status.CHANGES_REQUESTED)
CONTACT_STATUSES = (Status.VERIFIED, Status.SUSPENDED)


class DuplicateAccount(WorkflowError):
    """The (platform, handle) is already held by a live entry."""


def live_holder(
    platform: str, handle: str, *, exclude_pk: int | None = None
) -> SocialAccount | None:
    """The live entry that already holds this account (as its handle or a live alias), if any."""
    aliased = EntryAlias.objects.live().filter(platform=platform, key=handle).values("entry_id")
    found = (
        SocialAccount.objects.live()
        .with_related()
        .filter(Q(handle=handle) | Q(pk__in=aliased), platform=platform)
    )
    if exclude_pk:
        found = found.exclude(pk=exclude_pk)
    return found.first()


def duplicate_message(holder: SocialAccount) -> str:
    return _("This account is already registered by %(ministry)s (“%(name)s”, %(status)s).") % {
        "ministry": holder.service.ministry.name,
        "name": holder.display_name,
        "status": holder.get_status_display(),
    }


def create_entry(*, by, data: dict, move: Move = Move.CREATE) -> SocialAccount:
    """A new draft from cleaned form data (identity included); the first event says who made it."""
    fields = {
        key: data[key] for key in (*IDENTITY_FIELDS, *DETAIL_FIELDS, *CONTACT_FIELDS) if key in data
    }
    if "self_assessment" in data:
        fields["self_assessment"] = data["self_assessment"]
    try:
        with transaction.atomic():
            entry = SocialAccount.objects.create(status=Status.DRAFT, created_by=by, **fields)
            workflow.record_creation(entry, by=by, move=move)
    except IntegrityError as exc:
        # The form checked first; the constraint catches a registration made in between.
        holder = live_holder(fields["platform"], fields["handle"])
        if holder is None:
            raise
        raise DuplicateAccount(duplicate_message(holder)) from exc
    return entry


def editable_fields(entry: SocialAccount) -> tuple[str, ...]:
    """What the ministry may change now: everything on a draft, contact data once verified."""
    if entry.status in EDITABLE_STATUSES:
        identity = IDENTITY_FIELDS if entry.submitted_at is None else ()
        return (*identity, *DETAIL_FIELDS, *CONTACT_FIELDS, "self_assessment")
    if entry.status in CONTACT_STATUSES:
        return CONTACT_FIELDS
    return ()


@transaction.atomic
def update_entry(entry: SocialAccount, *, by, data: dict, version: int) -> SocialAccount:
    """Change the entry on the version `by` saw; a stale version is refused, never overwritten."""
    locked = SocialAccount.objects.select_for_update().get(pk=entry.pk)
    workflow.check_version(locked, version)
    allowed = editable_fields(locked)
    if not allowed:
        raise WorkflowError(
            _("An entry whose status is “%(status)s” cannot be edited.")
            % {"status": locked.get_status_display()}
        )
    changes = {}
    for field in allowed:
        if field in data and _comparable(field, getattr(locked, field)) != _comparable(
            field, data[field]
        ):
            changes[field] = [_shown(getattr(locked, field)), _shown(data[field])]
            setattr(locked, field, data[field])
    if not changes:
        return locked
    _check_identity_free(locked, changes)
    # Every change is history (and names the last editor in a stale-edit message); only a
    # public entry's changes are flagged for the central unit.
    EntryChange.objects.create(entry=locked, actor=by, changes=changes)
    if locked.status in CONTACT_STATUSES:
        locked.contact_changed_at = timezone.now()
        record_public_change(locked, PublicChange.UPDATED)
    locked.version += 1
    _save_identity_checked(locked)
    return locked


def _save_identity_checked(entry: SocialAccount) -> None:
    """Save; an identity that another entry took since `_check_identity_free` (two drafts given
    the same new link at once) is refused as a duplicate, not a server error."""
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError as exc:
        holder = live_holder(entry.platform, entry.handle, exclude_pk=entry.pk)
        if holder is None:
            raise
        raise DuplicateAccount(duplicate_message(holder)) from exc


@transaction.atomic
def record_admin_edit(entry: SocialAccount, *, by, fields) -> EntryChange | None:
    """A central admin's edit in the admin (`entry` holds the new values, not yet saved): recorded
    like any other change, with a new version so that a form loaded before it is refused."""
    locked = SocialAccount.objects.select_for_update().get(pk=entry.pk)
    changes = {
        field: [_shown(getattr(locked, field)), _shown(getattr(entry, field))]
        for field in fields
        if _comparable(field, getattr(locked, field)) != _comparable(field, getattr(entry, field))
    }
    if not changes:
        return None
    entry.version = locked.version + 1
    return EntryChange.objects.create(entry=locked, actor=by, changes=changes)


def _check_identity_free(entry: SocialAccount, changes: dict) -> None:
    if not set(changes) & set(IDENTITY_FIELDS):
        return
    holder = live_holder(entry.platform, entry.handle, exclude_pk=entry.pk)
    if holder is not None:
        raise DuplicateAccount(duplicate_message(holder))


def _comparable(field: str, value):
    if field == "languages":
        return normalise(value or [])
    if isinstance(value, dict):
        return value
    return value if value is not None else ""


def _shown(value) -> str | dict:
    """A value as the history stores it: text a person can read later."""
    if isinstance(value, dict):
        return value
    if isinstance(value, list | tuple):
        return ", ".join(normalise(value))
    if value is None:
        return ""
    return str(value)


@transaction.atomic
def create_imported(rows: list[dict], *, by) -> list[SocialAccount]:
    """Drafts from a checked import, all or none; an agency's staff import the entries their
    agency manages (or they could not see them afterwards)."""
    entries = [create_entry(by=by, data=_as_imported_by(by, row), move=Move.IMPORT) for row in rows]
    register_changed()  # a bulk write: no cached answer outlives it
    return entries


def save_entry(
    entry: SocialAccount | None,
    *,
    by,
    data: dict,
    version: int | None = None,
    submit: bool = False,
    checklist: list[dict] | None = None,
    message: str = "",
) -> SocialAccount:
    """An editor's save of the register or edit form: the entry created (`entry` None) or
    updated, then submitted when asked, all or nothing."""
    with transaction.atomic():
        if entry is None:
            saved = create_entry(by=by, data=data)
        else:
            saved = update_entry(entry, by=by, data=data, version=int(version or 0))
        if submit:
            workflow.submit(
                saved, by=by, version=saved.version, checklist=checklist or [], message=message
            )
    return saved


def _as_imported_by(by, row: dict) -> dict:
    if row.get("agency") is not None:
        return row
    agency_id = agency_of(memberships_of(by), row["service"].ministry_id)
    return row | {"agency": ExternalAgency.objects.filter(pk=agency_id).first()}


def assign_many(
    entries, *, by, assignee, versions: dict[int, int]
) -> tuple[list[SocialAccount], list[tuple[SocialAccount, str]]]:
    """Assign several entries to one reviewer, each through the workflow on the version `by`
    saw; returns the entries assigned and the ones refused, each with why."""
    done, refused = [], []
    for entry in entries:
        if entry.pk not in versions:
            refused.append((entry, _("Reload the queue and try again.")))
            continue
        try:
            workflow.assign(entry, by=by, version=versions[entry.pk], assignee=assignee)
        except WorkflowError as exc:
            refused.append((entry, str(exc)))
        else:
            done.append(entry)
    return done, refused
