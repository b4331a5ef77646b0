"""EntryCount: how many entries each (service, platform, status, languages) holds.

The public lists need counts (the directory's "25,000 accounts" and its facets, a ministry's
pages, the API's `count`) that a COUNT(*) over a million entries would take seconds to give.
The database keeps these rows itself: triggers on the entries' table (migration 0013, for
PostgreSQL and SQLite) add and subtract on every insert, update and delete, in the same
transaction, however the change is made (a workflow move, an edit, an import, a bulk seed).
A count is therefore never stale, and summing it reads a few hundred rows.
"""

from django.db import models
from django.db.models import Q, Sum

from accounts.models import Service


def selection_condition(
    *, statuses, ministry: str = "", service: str = "", platform: str = "", language: str = ""
) -> Q:
    """The counts of entries in one of `statuses` that match every filter given (slugs)."""
    condition = Q(status__in=list(statuses))
    if ministry:
        condition &= Q(service__ministry__slug=ministry)
    if service:
        condition &= Q(service__slug=service)
    if platform:
        condition &= Q(platform=platform)
    if language:
        # Codes are two letters and none contains another: a substring match is exact.
        condition &= Q(languages__contains=language)
    return condition


class EntryCountQuerySet(models.QuerySet):
    def selected(self, **filters) -> "EntryCountQuerySet":
        """The counts `selection_condition(**filters)` selects."""
        return self.filter(selection_condition(**filters))

    def selected_and_every(self, **filters) -> tuple[int, int]:
        """(entries selected, entries of every status), in one query."""
        sums = self.aggregate(
            selected=Sum("entries", filter=selection_condition(**filters)), every=Sum("entries")
        )
        return sums["selected"] or 0, sums["every"] or 0

    def total(self) -> int:
        return self.aggregate(entries_sum=Sum("entries"))["entries_sum"] or 0

    def per(self, field: str) -> dict:
        """{value of `field`: entries}, for the values that have entries."""
        summed = self.values_list(field).annotate(entries_sum=Sum("entries")).order_by()
        return {value: n for value, n in summed if n}


class EntryCount(models.Model):
    """Kept by the database's triggers, never written by the application."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    platform = models.CharField(max_length=20)
    status = models.CharField(max_length=20)
    languages = models.CharField(max_length=20)
    entries = models.IntegerField(default=0)

    objects = EntryCountQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["service", "platform", "status", "languages"], name="entry_count_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.service_id} {self.platform} {self.status} {self.languages}: {self.entries}"
