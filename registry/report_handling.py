"""Handling citizens' reports: the only writer of a report's status."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import is_reviewer
from registry.errors import WorkflowError
from registry.models import Report


@transaction.atomic
def handle_report(report: Report, *, by, status: str, note: str, entry=None) -> Report:
    """Close a citizen's report as handled or dismissed, with a note and the entry it is about."""
    if not is_reviewer(by):
        raise WorkflowError(_("Only the central unit handles reports."))
    locked = Report.objects.select_for_update().get(pk=report.pk)
    if locked.status != Report.Status.OPEN:
        raise WorkflowError(_("This report has already been dealt with."))
    if status not in (Report.Status.HANDLED, Report.Status.DISMISSED):
        raise WorkflowError(_("Choose whether the report was handled or dismissed."))
    note = (note or "").strip()
    if not note:
        raise WorkflowError(_("Write a note: it is kept with the report."))
    locked.status, locked.handling_note = status, note
    locked.handled_by, locked.handled_at = by, timezone.now()
    if entry is not None:
        locked.entry = entry
    locked.save()
    return locked
