"""The directory's filters: plain GET parameters, so every result is a link one can share."""

import django_filters
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.models import Ministry, Service
from registry.freshness.kept import cached
from registry.listing import Selection
from registry.models import (
    CURRENT_STATUSES,
    PUBLIC_STATUSES,
    EntryCount,
    Platform,
    SocialAccount,
    Status,
)
from registry.search import search_entries

# The statuses each choice of "Status" shows.
STATE_STATUSES = {
    "current": CURRENT_STATUSES,
    "verified": (Status.VERIFIED,),
    "suspended": (Status.SUSPENDED,),
    "closed": (Status.CLOSED,),
    "all": PUBLIC_STATUSES,
}


class PublicEntryFilter(django_filters.FilterSet):
    """Filters over `SocialAccount.objects.public()`; the view passes that queryset in."""

    STATE_CHOICES = (
        ("current", _("Current accounts (official or suspended)")),
        ("verified", _("Official only")),
        ("suspended", _("Suspended")),
        ("closed", _("Closed")),
        ("all", _("All, including closed")),
    )

    # As long as a link may be: a pasted link is answered as the verify page does (views/pages.py).
    q = django_filters.CharFilter(label=_("Name or handle"), method="filter_q", max_length=2048)
    ministry = django_filters.ChoiceFilter(
        label=_("Ministry"), field_name="service__ministry__slug", empty_label=_("All ministries")
    )
    service = django_filters.ChoiceFilter(
        label=_("Service"), field_name="service__slug", empty_label=_("All services")
    )
    platform = django_filters.ChoiceFilter(label=_("Platform"), empty_label=_("All platforms"))
    state = django_filters.ChoiceFilter(
        label=_("Status"), choices=STATE_CHOICES, method="filter_state", empty_label=None
    )

    class Meta:
        model = SocialAccount
        fields = ["q", "ministry", "service", "platform", "state"]

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        # The choices count every current public entry, whatever the filters: they change only
        # with the register, so they are cached under its version (three GROUP BYs otherwise).
        choices = cached("directory-choices", [get_language() or ""], self.choices_with_counts)
        for name, values in zip(("ministry", "service", "platform"), choices, strict=True):
            self.filters[name].extra["choices"] = values

    def choices_with_counts(self) -> tuple[list, list, list]:
        counted = EntryCount.objects.selected(statuses=CURRENT_STATUSES)
        return (
            ministry_choices(counted.per("service__ministry")),
            service_choices(counted.per("service")),
            platform_choices(counted.per("platform")),
        )

    def filter_q(self, queryset, name, value):
        return search_entries(queryset, value)

    def filter_state(self, queryset, name, value):
        return queryset.filter(status__in=STATE_STATUSES.get(value, CURRENT_STATUSES))

    def selection(self) -> Selection:
        """What the valid filters select, but for the text searched (invalid ones are ignored)."""
        data = self.form.cleaned_data
        return Selection(
            statuses=STATE_STATUSES.get(data.get("state") or "current", CURRENT_STATUSES),
            ministry=data.get("ministry") or "",
            service=data.get("service") or "",
            platform=data.get("platform") or "",
        )

    @property
    def qs(self):
        queryset = super().qs
        if not self.form.cleaned_data.get("state"):
            queryset = self.filter_state(queryset, "state", "current")
        return queryset


def ministry_choices(counts: dict) -> list[tuple[str, str]]:
    ministries = Ministry.objects.filter(pk__in=counts)
    rows = sorted(((m.name, m.slug, counts[m.pk]) for m in ministries), key=lambda r: r[0])
    return [(slug, f"{name} ({n})") for name, slug, n in rows]


def service_choices(counts: dict) -> list:
    """Services grouped by ministry (an <optgroup> each), with their number of accounts."""
    groups: dict[str, list] = {}
    for service in Service.objects.filter(pk__in=counts).select_related("ministry"):
        groups.setdefault(service.ministry.name, []).append(
            (service.slug, f"{service.name} ({counts[service.pk]})")
        )
    return [(name, sorted(groups[name], key=lambda c: c[1])) for name in sorted(groups)]


def platform_choices(counts: dict) -> list[tuple[str, str]]:
    return [
        (slug, f"{label} ({counts[slug]})") for slug, label in Platform.choices if slug in counts
    ]
