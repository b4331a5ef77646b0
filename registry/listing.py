"""How the public lists (directory, ministry pages, the API's list) count and order their
entries, at a thousand entries or a million, without reading the register.

- **Counts** come from `EntryCount`, the rows the database's triggers keep per service,
  platform, status and languages, whenever a list is selected by those alone. A text search
  cannot be counted that way: its matches are counted up to `SEARCH_COUNT_LIMIT` and the list
  says "more than" beyond it.
- **Order** is name then id. A list selected by status, ministry or service is read in parts,
  each an exact range of an index in name order (one status; one service and status), merged:
  a page reads at most `rows_needed` rows of each part, wherever its entries stand in the name
  order (`NameOrderedParts`). Another list (a text search, the whole current register, one
  platform) walks the name index, which reads about `rows_needed × entries / matches` index
  entries before it has filled the page, or sorts its matches, which reads all of them:
  `in_name_order` takes whichever reads fewer, the walk for a broad list, the sort for a narrow
  one (a rare word), where the walk would read most of the register.
"""

import heapq
from dataclasses import asdict, dataclass

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import connections
from django.db.models import Q, Sum
from django.utils.functional import cached_property

from registry.models import EntryCount
from registry.search import Unindexed

SEARCH_COUNT_LIMIT = 1000


@dataclass(frozen=True)
class Selection:
    """Public entries selected by status and the filters the counts are kept by (slugs)."""

    statuses: tuple[str, ...]
    ministry: str = ""
    service: str = ""
    platform: str = ""
    language: str = ""

    def counted(self) -> "Counted":
        """The entries selected, with the size of the register, in one query."""
        selected, every = EntryCount.objects.selected_and_every(**asdict(self))
        return Counted(selected, every)


@dataclass(frozen=True)
class Counted:
    """How many entries a list holds (None: more than SEARCH_COUNT_LIMIT, not counted further),
    and, when known, how many the name index holds (every status): what a walk of it may read."""

    matches: int | None
    every: int | None = None

    def register_size(self) -> int:
        return EntryCount.objects.total() if self.every is None else self.every


def count_up_to(queryset, limit: int) -> int:
    """How many entries `queryset` holds, counting no further than `limit`."""
    return queryset.order_by()[:limit].count()


def count_selected(queryset, selection: Selection, *, searching: bool) -> Counted:
    """How many entries `queryset` (`selection`, and a text search when `searching`) holds."""
    return count_searched(queryset) if searching else selection.counted()


def count_searched(queryset) -> Counted:
    """How many entries a text search `queryset` holds, up to SEARCH_COUNT_LIMIT (None beyond)."""
    found = count_up_to(queryset, SEARCH_COUNT_LIMIT + 1)
    return Counted(found if found <= SEARCH_COUNT_LIMIT else None)


def in_name_order(queryset, counted: Counted, *, rows_needed: int, selection=None):
    """`queryset` in name order, then id: read in parts when its `selection` (None for a text
    search) has parts, else by the cheaper way for its `counted` entries: the walk when more
    were found than were counted (it then reads at most about rows_needed × register /
    SEARCH_COUNT_LIMIT, where a sort could read them all)."""
    parts = name_order_parts(selection) if selection is not None else None
    if parts is not None:
        return NameOrderedParts(queryset, parts, counted.matches)
    matches = counted.matches
    if matches is None or rows_needed * counted.register_size() < matches * matches:
        return queryset.order_by("display_name", "pk")
    return queryset.order_by(Unindexed("display_name"), "pk")


class CountedPaginator(Paginator):
    """A paginator told its count instead of counting its list."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count


def page_number(paginator: Paginator, asked) -> int:
    """The page shown for `?page=asked`, as `Paginator.get_page` chooses it."""
    try:
        return paginator.validate_number(asked)
    except PageNotAnInteger:
        return 1
    except EmptyPage:
        return paginator.num_pages


def name_ordered_page(queryset, asked, *, per_page: int, counted: Counted, selection=None) -> Page:
    """Page `asked` of `queryset` (what `selection` selects, None when a text is searched) in
    name order (when more than SEARCH_COUNT_LIMIT matched, the first SEARCH_COUNT_LIMIT are
    offered)."""
    offered = SEARCH_COUNT_LIMIT if counted.matches is None else counted.matches
    paginator = CountedPaginator(queryset, per_page, count=offered)
    number = page_number(paginator, asked)
    paginator.object_list = in_name_order(
        queryset, counted, rows_needed=number * per_page, selection=selection
    )
    return paginator.page(number)


MAX_PARTS = 64  # beyond, a list is walked or sorted whole


def name_order_parts(selection: Selection) -> list[Q] | None:
    """The parts a list is read in, each a range of an index in name order: one per status when
    the list is of one status; one per service and status that holds any of its entries (the
    kept counts tell which) when a ministry or a service is selected; None otherwise."""
    if not (selection.ministry or selection.service):
        return [Q(status=selection.statuses[0])] if len(selection.statuses) == 1 else None
    held = (
        EntryCount.objects.selected(**asdict(selection))
        .values_list("service", "status")
        .annotate(entries_sum=Sum("entries"))
        .order_by("service", "status")
    )
    parts = [Q(service_id=service, status=status) for service, status, n in held if n]
    return parts if len(parts) <= MAX_PARTS else None


class NameOrderedParts:
    """A list in name order, then id, read as the merge of its `parts` (registry.listing's doc),
    as a sequence a Paginator can slice: a slice up to row N reads at most N rows of each part
    (their ids and names, in one UNION ALL), then the slice's entries by id."""

    def __init__(self, entries, parts: list[Q], count: int):
        self.entries = entries
        self.parts = parts
        self.known_count = count

    def count(self) -> int:
        return self.known_count

    def __len__(self) -> int:
        return self.known_count

    def __getitem__(self, window: slice) -> list:
        if not self.parts or window.stop <= window.start:
            return []
        in_order = self.entries.order_by("display_name", "pk").values_list("pk", "display_name")
        branches = [in_order.filter(part)[: window.stop] for part in self.parts]
        ids = [pk for pk, _name in _merged(branches)[window.start : window.stop]]
        found = self.entries.order_by().in_bulk(ids)
        return [found[pk] for pk in ids]


def _merged(branches: list) -> list:
    """The rows of `branches` (each in name order, then id) in that order: by the database in
    one UNION ALL, or, where it cannot order and limit the queries of a UNION (SQLite, for
    `make run`), merged here, its BINARY order of names being Python's own."""
    first, *others = branches
    if not others:
        return list(first)
    if connections[first.db].features.supports_slicing_ordering_in_compound:
        return list(first.union(*others, all=True).order_by("display_name", "id"))
    return list(heapq.merge(*branches, key=lambda row: (row[1], row[0])))


class EntriesByService:
    """A ministry's public entries, service by service (in the order of `services`), each
    service's in name order, as a sequence a Paginator can slice: a slice reads only the services
    it spans, each through the (service, name) index, and the length comes from `counts`
    ({service id: public entries})."""

    def __init__(self, entries, services, counts: dict):
        self.entries = entries
        self.services = [s for s in services if counts.get(s.pk)]
        self.counts = counts

    def count(self) -> int:
        return sum(self.counts[s.pk] for s in self.services)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list:
        found, start = [], 0
        for service in self.services:
            size = self.counts[service.pk]
            low, high = max(window.start - start, 0), min(window.stop - start, size)
            if low < high:
                ordered = self.entries.filter(service=service).order_by("display_name", "pk")
                found.extend(ordered[low:high])
            start += size
            if start >= window.stop:
                break
        return found
