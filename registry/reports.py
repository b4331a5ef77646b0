"""Citizens' reports of suspected fakes: creating one, refusing floods, and handling one.

`handle_report` is the only writer of a report's status.

A report is rate-limited per client: the client is a keyed hash of its address (HMAC with the
SECRET_KEY, so the address itself is never stored), and the limit is counted over the last hour
in the Report table itself, so it holds across app servers without a shared cache.
"""

import datetime
import hashlib
import hmac

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.roles import is_reviewer
from registry import emails
from registry.errors import WorkflowError
from registry.links import InvalidAccountURL
from registry.models import Report
from registry.verification import verify_link

WINDOW = datetime.timedelta(hours=1)


class TooManyReports(Exception):
    """The client has sent its hourly share of reports; str(exc) is fit to show."""


def client_hash(address: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, (address or "").encode(), hashlib.sha256).hexdigest()


def reports_left(digest: str) -> int:
    since = timezone.now() - WINDOW
    sent = Report.objects.filter(client_hash=digest, created_at__gte=since).count()
    return max(0, settings.REPORTS_PER_HOUR_PER_CLIENT - sent)


def _one_report_at_a_time(digest: str) -> None:
    """Until the transaction ends, this client's other reports wait here: their count and their
    insert are then one step, so a burst of simultaneous reports cannot pass the limit together.
    (SQLite takes its write lock when the transaction begins: it needs nothing more.)"""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [int(digest[:15], 16)])


@transaction.atomic
def create_report(*, url: str, note: str = "", email: str = "", address: str) -> Report:
    """Record a report for the central unit's queue, with the parsed identity when the link
    parses and the public entry it matches, if any. Raises TooManyReports on a flood."""
    digest = client_hash(address)
    _one_report_at_a_time(digest)
    if reports_left(digest) <= 0:
        raise TooManyReports(
            _(
                "You have sent many reports in the last hour. Thank you: please wait an hour "
                "before sending another one."
            )
        )
    report = Report(
        url=url.strip(),
        note=note.strip(),
        reporter_email=email.strip(),
        client_hash=digest,
        language=(get_language() or settings.LANGUAGE_CODE)[:2],
    )
    try:
        verdict = verify_link(url)
    except InvalidAccountURL:
        verdict = None
    if verdict is not None:
        report.platform, report.handle, report.entry = (
            verdict.platform,
            verdict.handle,
            verdict.entry,
        )
    report.save()
    return report


@transaction.atomic
def handle_report(
    report: Report, *, by, status: str, note: str, entry=None, reply: str = ""
) -> Report:
    """Close a citizen's report as handled or dismissed, with a note (internal) and the entry it
    is about; a citizen who left an address is told the outcome, with the reviewer's `reply`
    and a link to the verify answer for the reported link."""
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
    locked.reply = (reply or "").strip() if locked.reporter_email else ""
    locked.handled_by, locked.handled_at = by, timezone.now()
    if entry is not None:
        locked.entry = entry
    locked.save()
    emails.send_report_outcome(locked.pk)  # queued in this transaction
    return locked
