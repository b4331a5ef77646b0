"""FilterSets shared by the HTML pages and the API."""

import django_filters
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import Service
from registry.models import Platform, Status
from registry.permissions import member_ministry_ids
from registry.search import search_entries


def _member_services(request):
    if request is None:
        return Service.objects.none()
    return Service.objects.filter(ministry_id__in=member_ministry_ids(request.user))


class OrderingInEveryLanguage(django_filters.OrderingFilter):
    """django-filter looks labels up by field name and writes "… (descending)" once, when the
    module is imported, in whatever language is active then. Here each choice's label is looked
    up by its parameter and stays lazy, so every page shows its own language."""

    def build_choices(self, fields, labels):
        choices = []
        for param in fields.values():
            label = labels[param]
            choices += [(param, label), (f"-{param}", format_lazy(_("{} (descending)"), label))]
        return choices


class WorkspaceEntryFilter(django_filters.FilterSet):
    """The workspace register: filter by status, platform and service; search; sort.

    Always applied to `permissions.entries_for(user)`: filtering narrows, never widens.
    """

    q = django_filters.CharFilter(label=_("Search by name or handle"), method="search")
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Status.choices, empty_label=_("Any status")
    )
    platform = django_filters.ChoiceFilter(
        label=_("Platform"), choices=Platform.choices, empty_label=_("Any platform")
    )
    service = django_filters.ModelChoiceFilter(
        label=_("Owning service"), queryset=_member_services, empty_label=_("Any service")
    )
    sort = OrderingInEveryLanguage(
        label=_("Sort by"),
        fields=(
            ("display_name", "name"),
            ("next_review_due", "review"),
            ("updated_at", "updated"),
            ("status", "status"),
        ),
        field_labels={
            "name": _("Name"),
            "review": _("Next review date"),
            "updated": _("Last change"),
            "status": _("Status"),
        },
        empty_label=_("Name"),
    )

    def search(self, queryset, name, value):
        return search_entries(queryset, value)
