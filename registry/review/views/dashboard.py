"""The central unit's dashboard: plain figures and bars, each a link to the filtered queue."""

import datetime
import statistics

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.shortcuts import render
from django.utils import timezone

from accounts.access import Rule, access
from registry.models import Move, Platform, Report, ReviewEvent, SocialAccount, Status
from registry.review.queries import Need, review_queue
from registry.review.watch_panel import watch_panel

DECISIONS = (Move.VERIFY, Move.REQUEST_CHANGES, Move.REJECT)
STARTS = (Move.SUBMIT, Move.REOPEN)


def _bars(rows: list[tuple[str, int, str]]) -> list[dict]:
    """(label, count, query) rows with each bar's width as a share of the largest, in percent."""
    top = max((n for _label, n, _q in rows), default=0) or 1
    return [
        {"label": label, "n": n, "query": q, "pct": round(100 * n / top)} for label, n, q in rows
    ]


def by_status() -> list[dict]:
    counts = dict(SocialAccount.objects.order_by().values_list("status").annotate(n=Count("id")))
    return _bars([(s.label, counts.get(s, 0), f"need=any&status={s}") for s in Status])


def by_ministry() -> list[dict]:
    rows = (
        SocialAccount.objects.order_by()
        .values("service__ministry", "service__ministry__short_name")
        .annotate(n=Count("id"))
        .order_by("service__ministry__short_name")
    )
    return _bars(
        [
            (
                r["service__ministry__short_name"],
                r["n"],
                f"need=any&ministry={r['service__ministry']}",
            )
            for r in rows
        ]
    )


def by_platform() -> list[dict]:
    counts = dict(SocialAccount.objects.order_by().values_list("platform").annotate(n=Count("id")))
    return _bars(
        [(p.label, counts[p], f"need=any&platform={p}") for p in Platform if counts.get(p)]
    )


def decisions_per_month(months: int = 12) -> list[dict]:
    since = timezone.localdate().replace(day=1) - datetime.timedelta(days=31 * (months - 1))
    rows = (
        ReviewEvent.objects.filter(move__in=DECISIONS, created_at__date__gte=since.replace(day=1))
        .annotate(month=TruncMonth("created_at"))
        .order_by()
        .values_list("month")
        .annotate(n=Count("id"))
        .order_by("month")
    )
    return _bars([(f"{month:%m.%Y}", n, "need=any") for month, n in rows])


def median_days_to_decision() -> float | None:
    """Median days from a submission (or reopening) to the decision that followed it."""
    events = (
        ReviewEvent.objects.filter(move__in=STARTS + DECISIONS)
        .order_by("entry_id", "created_at", "id")
        .values_list("entry_id", "move", "created_at")
    )
    waits, started = [], {}
    for entry_id, move, when in events:
        if move in STARTS:
            started[entry_id] = when
        elif entry_id in started:
            waits.append((when - started.pop(entry_id)).total_seconds() / 86400)
    return round(statistics.median(waits), 1) if waits else None


@access(Rule.REVIEWER)
def dashboard(request):
    queue = review_queue()
    today = timezone.localdate()
    soon = today + datetime.timedelta(days=30)
    verified = SocialAccount.objects.filter(status=Status.VERIFIED)
    context = {
        "statuses": by_status(),
        "ministries": by_ministry(),
        "platforms": by_platform(),
        "months": decisions_per_month(),
        "median_days": median_days_to_decision(),
        "due_soon": verified.filter(next_review_due__gte=today, next_review_due__lte=soon).count(),
        "overdue": queue.filter(need=Need.OVERDUE).count(),
        "to_accept": queue.filter(need=Need.RECERTIFICATION).count(),
        "in_queue": queue.count(),
        "open_reports": Report.objects.open().count(),
        "watch": watch_panel(),
    }
    return render(request, "registry/review/dashboard.html", context)
