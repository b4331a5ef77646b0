"""The reads of the review pages: what needs the central unit, and why, oldest first."""

import datetime

from django.db.models import (
    Case,
    CharField,
    DateTimeField,
    Exists,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import memberships_of
from registry.models import (
    RELEASED_STATUSES,
    AliasStatus,
    EntryAlias,
    Move,
    ReviewEvent,
    SocialAccount,
    Status,
)
from registry.models.scope import entries_conflicting


class Need:
    """Why an entry is in the queue."""

    SUBMITTED = "submitted"
    CHANGED = "changed"
    RECERTIFICATION = "recertification"
    OVERDUE = "overdue"
    ALIAS = "alias"  # another link to the account, declared or found, to accept or refuse
    ANY = "any"  # every entry, needing review or not (the dashboard's links)
    # What the watch found (registry/watch/); a takeover is urgent, a profile change is not.
    TAKEOVER = "takeover"
    RENAMED = "renamed"
    GONE = "gone"
    PROFILE = "profile"

    CHOICES = [
        (SUBMITTED, _("Submitted or resubmitted")),
        (CHANGED, _("Changed since verification")),
        (RECERTIFICATION, _("Re-certification to accept")),
        (OVERDUE, _("Re-certification overdue")),
        (ALIAS, _("Other link to check")),
        (TAKEOVER, _("Handle taken over (urgent)")),
        (RENAMED, _("Handle changed")),
        (GONE, _("Account gone")),
        (PROFILE, _("Profile changed")),
    ]
    WATCH = (TAKEOVER, RENAMED, GONE, PROFILE)
    LABELS = dict(CHOICES)


def need_conditions(today: datetime.date | None = None) -> dict[str, Q]:
    today = today or timezone.localdate()
    watch = {need: Q(watch__finding=need) for need in Need.WATCH}
    return {
        Need.TAKEOVER: watch.pop(Need.TAKEOVER),  # first: it names the entry's most urgent need
        Need.SUBMITTED: Q(status=Status.SUBMITTED),
        Need.CHANGED: Q(
            status__in=[Status.VERIFIED, Status.SUSPENDED], contact_changed_at__isnull=False
        ),
        Need.RECERTIFICATION: Q(status=Status.VERIFIED, confirmation_submitted_at__isnull=False),
        Need.OVERDUE: Q(
            status=Status.VERIFIED,
            confirmation_submitted_at__isnull=True,
            next_review_due__lt=today,
        ),
        Need.ALIAS: Q(Exists(_proposed_aliases())) & ~Q(status__in=RELEASED_STATUSES),
        **watch,
    }


def _proposed_aliases() -> QuerySet:
    return EntryAlias.objects.filter(entry=OuterRef("pk"), status=AliasStatus.PROPOSED)


def with_need(entries: QuerySet) -> QuerySet:
    """Annotate `need` (why it waits) and `waiting_since` (since when), first reason first."""
    conditions = need_conditions()
    due = Cast("next_review_due", output_field=DateTimeField())
    since = {
        Need.SUBMITTED: "submitted_at",
        Need.CHANGED: "contact_changed_at",
        Need.RECERTIFICATION: "confirmation_submitted_at",
        **dict.fromkeys(Need.WATCH, "watch__finding_since"),
    }
    return entries.annotate(
        need=Case(
            *(When(cond, then=Value(need)) for need, cond in conditions.items()),
            default=Value(""),
            output_field=CharField(),
        ),
        waiting_since=Case(
            *(When(conditions[need], then=field) for need, field in since.items()),
            When(conditions[Need.OVERDUE], then=due),
            When(conditions[Need.ALIAS], then=Subquery(_oldest_proposal())),
            default="updated_at",
            output_field=DateTimeField(),
        ),
    )


def _oldest_proposal() -> QuerySet:
    return (
        _proposed_aliases()
        .order_by()
        .values("entry")
        .annotate(first=Min("created_at"))
        .values("first")
    )


def with_resubmission(entries: QuerySet) -> QuerySet:
    """Annotate `resubmitted`: the central unit has already sent it back once."""
    returned = ReviewEvent.objects.filter(entry=OuterRef("pk"), move=Move.REQUEST_CHANGES)
    return entries.annotate(resubmitted=Exists(returned))


def review_queue() -> QuerySet:
    """Every entry waiting for the central unit, oldest first."""
    needed = Q()
    for cond in need_conditions().values():
        needed |= cond
    return (
        with_resubmission(with_need(SocialAccount.objects.filter(needed)))
        .with_related()
        .select_related("assigned_reviewer")
        .annotate(urgency=_URGENCY)
        .order_by("urgency", "waiting_since", "id")
    )


# A takeover goes to the top of the queue; a profile change to the bottom.
_URGENCY = Case(
    When(need=Need.TAKEOVER, then=Value(0)),
    When(need=Need.PROFILE, then=Value(2)),
    default=Value(1),
    output_field=IntegerField(),
)


def all_entries() -> QuerySet:
    return (
        with_resubmission(with_need(SocialAccount.objects.all()))
        .with_related()
        .select_related("assigned_reviewer")
        .order_by("waiting_since", "id")
    )


def next_in_queue(user, *, after: SocialAccount | None = None) -> SocialAccount | None:
    """The oldest entry of the queue that `user` can take up: assigned to them or to nobody, not
    of one of their own ministries (a conflict of interest), and not `after`."""
    candidates = review_queue().filter(
        Q(assigned_reviewer=user) | Q(assigned_reviewer__isnull=True)
    )
    candidates = candidates.exclude(entries_conflicting(memberships_of(user)))
    if after is not None:
        candidates = candidates.exclude(pk=after.pk)
    return candidates.first()
