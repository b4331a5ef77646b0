"""Public pages: what citizens and journalists see. Every read starts from `.public()`."""

from itertools import groupby
from operator import attrgetter

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.functional import cached_property
from django.utils.translation import get_language

from accounts.access import Rule, access
from accounts.models import Ministry, Service
from registry.caching import cached, public_answer
from registry.exports.selection import selection_query
from registry.models import SocialAccount, Status
from registry.public.filters import PublicEntryFilter
from registry.public.views.share import account_card
from registry.search import in_name_order

PAGE_SIZE = 25
MINISTRY_PAGE_SIZE = 100


class CountedPaginator(Paginator):
    """A paginator whose number of results is cached under the register version: a COUNT(*)
    over the whole register on every page of the directory is its costliest query."""

    def __init__(self, object_list, per_page, *, count_key: list[str]):
        super().__init__(object_list, per_page)
        self.count_key = count_key

    @cached_property
    def count(self) -> int:
        return cached("directory-count", self.count_key, lambda: Paginator.count.func(self))


@public_answer
@access(Rule.PUBLIC)
def directory(request):
    public = SocialAccount.objects.public().with_related()
    entries = PublicEntryFilter(request.GET, queryset=public)
    matching = entries.qs  # validates the filters first
    # Filters that are not valid are ignored, so the count is keyed on the cleaned ones.
    cleaned = sorted((k, str(v)) for k, v in entries.form.cleaned_data.items() if v)
    results = in_name_order(matching, searching=bool(entries.form.cleaned_data.get("q")))
    paginator = CountedPaginator(results, PAGE_SIZE, count_key=[repr(cleaned)])
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "filter": entries,
        "page": page,
        "filtered": any(v for k, v in request.GET.items() if k != "page"),
        # The open-data files with the same ministry, platform and status.
        "export_query": selection_query(entries.form.cleaned_data),
    }
    return render(request, "registry/public/directory.html", context)


@public_answer
@access(Rule.PUBLIC)
def account(request, pk: int):
    entry = get_object_or_404(SocialAccount.objects.public().with_related(), pk=pk)
    context = {
        "entry": entry,
        "languages": entry.language_labels,
        "share": account_card(entry, request),
        # The link back that makes Mastodon show the profile's link to this page as verified.
        "rel_me": entry.status == Status.VERIFIED and entry.platform == "mastodon",
        "Status": Status,
    }
    return render(request, "registry/public/account.html", context)


@public_answer
@access(Rule.PUBLIC)
def ministry(request, slug: str):
    """A ministry's public accounts grouped by service, MINISTRY_PAGE_SIZE a page (a service's
    heading is repeated on the next page when its accounts go on)."""
    found = get_object_or_404(Ministry, slug=slug)
    entries = (
        SocialAccount.objects.public()
        .with_related()
        .filter(service__ministry=found)
        .order_by(f"service__{Service.name_field(get_language())}", "service", "display_name", "pk")
    )
    paginator = CountedPaginator(entries, MINISTRY_PAGE_SIZE, count_key=[f"ministry:{found.pk}"])
    page = paginator.get_page(request.GET.get("page"))
    current = cached(
        "ministry-current", [str(found.pk)], entries.exclude(status=Status.CLOSED).count
    )
    context = {
        "ministry": found,
        "page": page,
        "groups": [
            (service, list(group)) for service, group in groupby(page, attrgetter("service"))
        ],
        "count": current,
    }
    return render(request, "registry/public/ministry.html", context)


@public_answer
@access(Rule.PUBLIC)
def accessibility(request):
    return render(request, "registry/public/accessibility.html")


@public_answer
@access(Rule.PUBLIC)
def privacy(request):
    return render(request, "registry/public/privacy.html")
