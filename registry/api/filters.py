"""The filters of /api/v1/accounts/: each one a plain condition, so no filter costs a query."""

import datetime

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework.filters import OrderingFilter

from registry.fields import PublicationLanguage
from registry.listing import Selection, in_name_order
from registry.models import PUBLIC_STATUSES, Platform, SocialAccount
from registry.search import search_entries, words_of


class AccountFilter(django_filters.FilterSet):
    platform = django_filters.ChoiceFilter(
        choices=Platform.choices, help_text=_("A platform slug.")
    )
    ministry = django_filters.CharFilter(
        field_name="service__ministry__slug", help_text=_("The slug of the owning ministry.")
    )
    service = django_filters.CharFilter(
        field_name="service__slug", help_text=_("The slug of the owning service.")
    )
    language = django_filters.ChoiceFilter(
        choices=PublicationLanguage.choices,
        method="filter_language",
        help_text=_("A publication language (lb, fr, de, en)."),
    )
    status = django_filters.ChoiceFilter(
        choices=[(s.value, s.label) for s in PUBLIC_STATUSES],
        help_text=_("verified, suspended or closed."),
    )
    q = django_filters.CharFilter(
        method="filter_text",
        max_length=200,
        help_text=_(
            "Words found in the display name, handle, service or ministry, whatever the case "
            "and accents."
        ),
    )
    updated_since = django_filters.DateFilter(
        method="filter_updated_since",
        help_text=_("Only entries changed on or after this date (YYYY-MM-DD)."),
    )

    class Meta:
        model = SocialAccount
        fields = ["platform", "ministry", "service", "language", "status", "q", "updated_since"]

    # A choice or a date given empty is refused, not read as "any": the schema lists no "".
    NOT_EMPTY = ("platform", "language", "status", "updated_since")

    def is_valid(self) -> bool:
        valid = super().is_valid()
        for name in self.NOT_EMPTY:
            if name in self.data and not str(self.data[name]).strip():
                self.form.add_error(name, _("Give a value, or leave this parameter out."))
                valid = False
        return valid

    def filter_language(self, queryset, name, value):
        # Codes are two letters and none contains another: a substring match is exact.
        return queryset.filter(languages__contains=value)

    def filter_updated_since(self, queryset, name, value):
        # From the start of that day where the registry is: the same entries as `__date__gte`,
        # read through the index on `updated_at` instead of converting every row's time.
        start = datetime.datetime.combine(value, datetime.time.min)
        return queryset.filter(updated_at__gte=timezone.make_aware(start))

    def filter_text(self, queryset, name, value):
        return search_entries(queryset, value)

    def selection(self) -> Selection | None:
        """What the (valid) filters select, when the kept counts can count it: not with a text
        searched or a date."""
        data = self.form.cleaned_data
        if data.get("updated_since") or words_of(data.get("q") or ""):
            return None
        status = data.get("status")
        return Selection(
            statuses=(status,) if status else PUBLIC_STATUSES,
            ministry=data.get("ministry") or "",
            service=data.get("service") or "",
            platform=data.get("platform") or "",
            language=data.get("language") or "",
        )


class AccountOrdering(OrderingFilter):
    """DRF's `?ordering=`; the default order (name, id) goes through `in_name_order`, so that a
    narrow list (a rare word, a small service) sorts its matches instead of walking the whole
    name index for them, and a broad one walks the index instead of sorting the register."""

    def filter_queryset(self, request, queryset, view):
        if self.get_ordering(request, queryset, view) != list(view.ordering):
            return super().filter_queryset(request, queryset, view)
        rows_needed = view.paginator.rows_needed(request)
        filters = AccountFilter(request.query_params, queryset=queryset)
        selection = filters.selection() if filters.is_valid() else None
        return in_name_order(
            queryset, view.counted(queryset), rows_needed=rows_needed, selection=selection
        )
