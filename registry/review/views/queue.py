"""The review queue: what waits for the central unit, oldest first, with filters and counts."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts.access import Rule, access
from registry.models import Report
from registry.review.filters import QueueFilter, queue_counts
from registry.review.queries import Need, all_entries, review_queue


@access(Rule.REVIEWER)
def queue(request):
    base = all_entries() if request.GET.get("need") == Need.ANY else review_queue()
    filterset = QueueFilter(request.GET or None, queryset=base, request=request)
    status = 200
    if filterset.is_bound and not filterset.is_valid():
        status = 400
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    for found in page:
        found.need_label = Need.LABELS.get(found.need, "")
        if found.need == Need.SUBMITTED and found.resubmitted:
            found.need_label = _("Resubmitted after changes")
    context = {
        "filter": filterset,
        "page": page,
        "counts": queue_counts(review_queue(), request.user),
        "open_reports": Report.objects.open().count(),
        "oldest_reports": Report.objects.open().select_related("entry")[:5],
        "querystring": _without_page(request.GET),
    }
    return render(request, "registry/review/queue.html", context, status=status)


def _without_page(params) -> str:
    params = params.copy()
    params.pop("page", None)
    return params.urlencode()
