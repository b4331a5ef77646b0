"""Entry aliases: declare, find, accept and refuse other keys naming an entry's account.

`add_alias` is the one writer of new aliases (the ministry's page, the central unit and the
watch call it); `accept_alias` and `refuse_alias` are the central unit's one-click decisions,
each recorded in the entry's history as a ReviewEvent. Only accepted aliases answer the verify
question (registry.verification), so an alias is never "official" before a reviewer said so.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.errors import WorkflowError
from registry.links import InvalidAccountURL, account_ref, parse_account_url
from registry.models import (
    RELEASED_STATUSES,
    AliasSource,
    AliasStatus,
    EntryAlias,
    Move,
    PublicChange,
    ReviewEvent,
    SocialAccount,
)
from registry.permissions import is_conflicted, is_reviewer
from registry.public_changes import record_public_change


class AliasError(WorkflowError):
    """An alias that may not be added or decided; the message is fit to show."""


def declare_alias(entry: SocialAccount, *, url: str, by) -> EntryAlias:
    """A member declares a link as another key of the entry's account; the parser reads it."""
    try:
        ref = parse_account_url(url)
    except InvalidAccountURL as exc:
        raise AliasError(exc.render(_)) from exc
    return add_alias(
        entry, platform=ref.platform, key=ref.handle, source=AliasSource.MINISTRY, by=by
    )


@transaction.atomic
def add_alias(
    entry: SocialAccount, *, platform: str, key: str, source: AliasSource | str, by=None
) -> EntryAlias:
    """Propose `key` as another key of `entry`'s account (awaiting the central unit).

    `key` is a canonical key of the link parser. Adding the same alias again returns the one
    already there, so the watch may call this on every run; `by` is None for the watch.
    """
    entry = SocialAccount.objects.select_for_update().get(pk=entry.pk)
    key = _check_key(entry, platform, key)
    held = EntryAlias.objects.live().select_for_update().filter(platform=platform, key=key).first()
    if held is not None and held.entry_id == entry.pk:
        return held
    if held is not None:
        if held.entry.status not in RELEASED_STATUSES:
            raise AliasError(_("This link is already an alias of another entry."))
        held.status = AliasStatus.RETIRED  # its entry gave the account up
        held.save(update_fields=["status"])
    try:
        with transaction.atomic():
            return EntryAlias.objects.create(
                entry=entry,
                platform=platform,
                key=key,
                url=account_ref(platform, key).url,
                source=source,
                created_by=by,
            )
    except IntegrityError as exc:  # declared elsewhere in between
        raise AliasError(_("This link is already an alias of another entry.")) from exc


def _check_key(entry: SocialAccount, platform: str, key: str) -> str:
    if entry.status in RELEASED_STATUSES:
        raise AliasError(_("This entry no longer holds its account: it cannot take aliases."))
    if platform != entry.platform:
        raise AliasError(
            _("An alias must be on the same platform as the entry (%(platform)s).")
            % {"platform": entry.get_platform_display()}
        )
    try:
        key = account_ref(platform, key).handle
    except InvalidAccountURL as exc:
        raise AliasError(exc.render(_)) from exc
    if key == entry.handle:
        raise AliasError(_("This is the entry's own link, not another one."))
    other = SocialAccount.objects.live().filter(platform=platform, handle=key).first()
    if other is not None:
        raise AliasError(
            _("This link is registered as another entry (“%(name)s”).")
            % {"name": other.display_name}
        )
    return key


def accept_alias(alias: EntryAlias, *, by) -> ReviewEvent:
    """The central unit confirms the alias names the entry's account: from now on it answers."""
    return _decide(alias, by=by, status=AliasStatus.ACCEPTED, move=Move.ACCEPT_ALIAS)


def refuse_alias(alias: EntryAlias, *, by) -> ReviewEvent:
    """The central unit finds the alias names another account: it never answers."""
    return _decide(alias, by=by, status=AliasStatus.REFUSED, move=Move.REFUSE_ALIAS)


@transaction.atomic
def _decide(alias: EntryAlias, *, by, status: AliasStatus, move: Move) -> ReviewEvent:
    alias = EntryAlias.objects.select_for_update().select_related("entry__service").get(pk=alias.pk)
    entry = alias.entry
    if not is_reviewer(by) or is_conflicted(by, entry):
        raise AliasError(_("You are not allowed to do this on this entry."))
    if alias.status != AliasStatus.PROPOSED:
        raise AliasError(_("This alias has already been decided."))
    alias.status, alias.accepted_by, alias.accepted_at = status, by, timezone.now()
    alias.save(update_fields=["status", "accepted_by", "accepted_at"])
    event = ReviewEvent.objects.create(
        entry=entry,
        actor=by,
        move=move,
        from_status=entry.status,
        to_status=entry.status,
        message=alias.url,
        created_at=alias.accepted_at,
    )
    if status == AliasStatus.ACCEPTED:  # verify answers change at once
        record_public_change(entry, PublicChange.ALIAS_ACCEPTED)
    return event
