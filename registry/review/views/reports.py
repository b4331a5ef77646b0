"""Citizens' reports of suspected fakes: the central unit reads them and closes them with a note."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import Rule, access
from registry.errors import WorkflowError
from registry.models import Report, SocialAccount
from registry.reports import handle_report
from registry.review.forms import ReportForm


def _matches(report: Report):
    """Entries with the reported platform and handle: the likely real account (or its fake)."""
    if not report.handle:
        return SocialAccount.objects.none()
    return SocialAccount.objects.filter(
        platform=report.platform, handle__iexact=report.handle
    ).with_related()


@access(Rule.REVIEWER)
def reports(request):
    open_reports = Report.objects.open().select_related("entry")
    rows = [
        (report, _matches(report), ReportForm(prefix=f"r{report.pk}")) for report in open_reports
    ]
    done = (
        Report.objects.exclude(status=Report.Status.OPEN)
        .select_related("entry", "handled_by")
        .order_by("-handled_at")[:20]
    )
    return render(request, "registry/review/reports.html", {"rows": rows, "done": done})


@require_POST
@access(Rule.REVIEWER)
def report_handle(request, pk: int):
    report = get_object_or_404(Report, pk=pk)
    form = ReportForm(request.POST, prefix=f"r{report.pk}")
    if not form.is_valid():
        messages.error(request, _("Choose an outcome and write a note."))
        return redirect("review:reports")
    entry = None
    if form.cleaned_data["entry"]:
        entry = SocialAccount.objects.filter(pk=form.cleaned_data["entry"]).first()
        if entry is None:
            messages.error(request, _("There is no entry with this number."))
            return redirect("review:reports")
    try:
        handle_report(
            report,
            by=request.user,
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
            entry=entry,
            reply=form.cleaned_data["reply"],
        )
    except WorkflowError as exc:
        messages.error(request, str(exc))
        return redirect("review:reports")
    messages.success(request, _("The report is closed."))
    return redirect("review:reports")
