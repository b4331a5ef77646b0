"""The review queue's filters, and how many entries each quick filter holds."""

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import Ministry
from accounts.roles import CENTRAL_ADMINS, REVIEWERS
from registry.models import Platform, Status
from registry.review.queries import Need
from registry.search import search_entries


def reviewers():
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=[REVIEWERS, CENTRAL_ADMINS])
        .distinct()
        .order_by("full_name")
    )


class QueueFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_text",
        max_length=200,
        help_text=_("Name, handle, service or ministry; case and accents do not matter."),
    )
    need = django_filters.ChoiceFilter(
        label=_("Waiting for"),
        choices=[*Need.CHOICES, (Need.ANY, _("Every entry"))],
        method="filter_need",
        empty_label=_("Anything to review"),
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices)
    ministry = django_filters.ModelChoiceFilter(
        label=_("Ministry"), field_name="service__ministry", queryset=Ministry.objects.all()
    )
    platform = django_filters.ChoiceFilter(label=_("Platform"), choices=Platform.choices)
    reviewer = django_filters.ModelChoiceFilter(
        label=_("Reviewer"), field_name="assigned_reviewer", queryset=reviewers()
    )
    assigned = django_filters.ChoiceFilter(
        label=_("Assignment"),
        choices=[("me", _("Assigned to me")), ("none", _("Unassigned"))],
        method="filter_assigned",
    )

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search_entries(queryset, value)

    watch = django_filters.ChoiceFilter(
        label=_("Watch"),
        choices=[
            ("watched", _("Watched")),
            ("not_watched", _("Not watched")),
            ("failing", _("Last check failed")),
        ],
        method="filter_watch",
    )

    def filter_watch(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        from registry.watch.platforms import watched_platforms
        from registry.watch.service import WATCHED_STATUSES

        if value == "failing":
            return queryset.filter(watch__failures__gt=0)
        on_watched = Q(platform__in=watched_platforms())
        queryset = queryset.filter(status__in=WATCHED_STATUSES)
        return queryset.filter(on_watched if value == "watched" else ~on_watched)

    def filter_need(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset if value == Need.ANY else queryset.filter(need=value)

    def filter_assigned(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == "me":
            return queryset.filter(assigned_reviewer=self.request.user)
        return queryset.filter(assigned_reviewer__isnull=True)


def queue_counts(queue: QuerySet, user) -> dict:
    """How many entries of the queue each quick filter shows (one query per group)."""
    totals = queue.aggregate(
        total=Count("id"),
        mine=Count("id", filter=Q(assigned_reviewer=user)),
        unassigned=Count("id", filter=Q(assigned_reviewer__isnull=True)),
        **{need: Count("id", filter=Q(need=need)) for need, _label in Need.CHOICES},
    )
    by_ministry = (
        queue.order_by()
        .values("service__ministry", "service__ministry__short_name")
        .annotate(n=Count("id"))
        .order_by("service__ministry__short_name")
    )
    by_platform = queue.order_by().values("platform").annotate(n=Count("id")).order_by("platform")
    labels = dict(Platform.choices)
    return {
        "totals": totals,
        "needs": [(need, label, totals[need]) for need, label in Need.CHOICES],
        "ministries": [
            (row["service__ministry"], row["service__ministry__short_name"], row["n"])
            for row in by_ministry
        ],
        "platforms": [
            (row["platform"], labels.get(row["platform"]), row["n"]) for row in by_platform
        ],
    }
