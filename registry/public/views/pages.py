"""Public pages: what citizens and journalists see. Every read starts from `.public()`."""

from itertools import groupby
from operator import attrgetter

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import get_language

from accounts.access import Rule, access
from accounts.models import Ministry, Service
from registry import structured_data
from registry.exports.selection import selection_query
from registry.freshness.kept import depends_on
from registry.links import looks_like_a_link
from registry.listing import (
    SEARCH_COUNT_LIMIT,
    EntriesByService,
    Selection,
    count_selected,
    name_ordered_page,
)
from registry.models import (
    CURRENT_STATUSES,
    PUBLIC_STATUSES,
    EntryCount,
    SocialAccount,
    Status,
)
from registry.models.register import entry_scope
from registry.public.filters import PublicEntryFilter
from registry.public.views.share import account_card, directory_card, ministry_card
from registry.public.views.verify import link_answer
from registry.search import words_of
from registry.transparency import history
from registry.web.caching import public_answer

PAGE_SIZE = 25
MINISTRY_PAGE_SIZE = 100


@public_answer
@access(Rule.PUBLIC)
def directory(request):
    public = SocialAccount.objects.public().with_related()
    entries = PublicEntryFilter(request.GET, queryset=public)
    matching = entries.qs  # validates the filters first; the ones not valid are ignored
    query = entries.form.cleaned_data.get("q") or ""
    if looks_like_a_link(query):  # a pasted link: that account's answer, not "0 accounts"
        context = {"filter": entries, "filtered": True, "link": link_answer(query, request)}
        return render(request, "registry/public/directory.html", context)
    searching = bool(words_of(query))
    selection = entries.selection()
    counted = count_selected(matching, selection, searching=searching)
    page = name_ordered_page(
        matching,
        request.GET.get("page"),
        per_page=PAGE_SIZE,
        counted=counted,
        selection=None if searching else selection,
    )
    context = {
        "filter": entries,
        "page": page,
        # A search matching more than this is not counted: the list offers its first ones.
        "more_than": SEARCH_COUNT_LIMIT if counted.matches is None else None,
        # Something other than the whole current register is shown ("Clear the filters").
        "filtered": searching or selection != Selection(statuses=CURRENT_STATUSES),
        # The open-data files with the same ministry, platform and status.
        "export_query": selection_query(entries.form.cleaned_data),
        "share": directory_card(request),
    }
    return render(request, "registry/public/directory.html", context)


@public_answer
@access(Rule.PUBLIC)
def account(request, pk: int):
    entry = get_object_or_404(SocialAccount.objects.public().with_related(), pk=pk)
    depends_on(entry_scope(entry.pk))
    context = {
        "entry": entry,
        "languages": entry.language_labels,
        "share": account_card(entry, request),
        # The link back that makes Mastodon show the profile's link to this page as verified.
        "rel_me": entry.status == Status.VERIFIED and entry.platform == "mastodon",
        "Status": Status,
        "structured_data": structured_data.script(structured_data.account_data(entry)),
        "timeline": history.timeline(entry),
    }
    return render(request, "registry/public/account.html", context)


@public_answer
@access(Rule.PUBLIC)
def ministry(request, slug: str):
    """A ministry's public accounts grouped by service, MINISTRY_PAGE_SIZE a page (a service's
    heading is repeated on the next page when its accounts go on)."""
    found = get_object_or_404(Ministry, slug=slug)
    services = found.services.order_by(Service.name_field(get_language()), "pk")
    counted = EntryCount.objects.selected(statuses=PUBLIC_STATUSES, ministry=found.slug)
    entries = EntriesByService(
        SocialAccount.objects.public().with_related(), services, counted.per("service")
    )
    page = Paginator(entries, MINISTRY_PAGE_SIZE).get_page(request.GET.get("page"))
    current = EntryCount.objects.selected(statuses=CURRENT_STATUSES, ministry=found.slug)
    context = {
        "ministry": found,
        "page": page,
        "groups": [
            (service, list(group)) for service, group in groupby(page, attrgetter("service"))
        ],
        "count": current.total(),
        "structured_data": structured_data.script(structured_data.ministry_data(found)),
        "share": ministry_card(found, request),
    }
    return render(request, "registry/public/ministry.html", context)


@public_answer
@access(Rule.PUBLIC)
def accessibility(request):
    return render(request, "registry/public/accessibility.html")


@public_answer
@access(Rule.PUBLIC)
def privacy(request):
    # The periods the notice names are the ones the retention job enforces (registry.retention).
    retention = {
        "staff": settings.RETENTION_STAFF_DAYS,
        "reports": settings.RETENTION_REPORT_DAYS,
        "sign_in": settings.RETENTION_SIGN_IN_DAYS,
        "email": settings.RETENTION_EMAIL_BODY_DAYS,
    }
    return render(request, "registry/public/privacy.html", {"retention": retention})


@public_answer
@access(Rule.PUBLIC)
def extension(request):
    """What the browser extension does and does not send, how to install it, the promise."""
    context = {
        "download_url": settings.EXTENSION_DOWNLOAD_URL,
        "list_url": reverse("official-accounts"),
    }
    return render(request, "registry/public/extension.html", context)
