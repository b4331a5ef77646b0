"""The review queue: what waits for the central unit, oldest first, with filters and counts."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.access import Rule, access
from registry import services
from registry.models import Report
from registry.review.filters import QueueFilter, queue_counts, reviewers
from registry.review.forms import BulkAssignForm
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
        "reviewers": reviewers(),
    }
    return render(request, "registry/review/queue.html", context, status=status)


def _without_page(params) -> str:
    params = params.copy()
    params.pop("page", None)
    return params.urlencode()


@require_POST
@access(Rule.REVIEWER)
def bulk_assign(request):
    """Assign the ticked entries to one reviewer: one POST, each entry through the workflow."""
    form = BulkAssignForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return _back_to_queue(request)
    assignee = form.cleaned_data["assignee"]
    done, refused = services.assign_many(
        form.cleaned_data["entries"], by=request.user, assignee=assignee, versions=form.versions()
    )
    if done:
        messages.success(
            request,
            ngettext(
                "%(count)d entry assigned to %(who)s.",
                "%(count)d entries assigned to %(who)s.",
                len(done),
            )
            % {"count": len(done), "who": assignee},
        )
    for entry, why in refused:
        messages.error(request, f"{entry.display_name}: {why}")
    return _back_to_queue(request)


def _back_to_queue(request):
    """The queue as the reviewer had filtered it (re-encoded: only a query string comes back)."""
    response = redirect("review:queue")
    back = QueryDict(request.POST.get("back", "")).urlencode()
    if back:
        response["Location"] += "?" + back
    return response
