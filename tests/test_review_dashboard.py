"""The central unit's dashboard: figures that link to the queue, drawn without JavaScript."""

import datetime

from django.urls import reverse
from django.utils import timezone

from registry import workflow
from registry.models import Move, Report, ReviewEvent, Status
from registry.review.views.dashboard import median_days_to_decision
from tests.conftest import answers_for


def _event(entry, move, days_ago, actor):
    ReviewEvent.objects.create(
        entry=entry,
        move=move,
        actor=actor,
        to_status=entry.status,
        created_at=timezone.now() - datetime.timedelta(days=days_ago),
    )


def test_the_median_time_runs_from_each_submission_to_the_decision_after_it(make_entry, reviewer):
    first, second, third = (make_entry(Status.VERIFIED) for _ in range(3))
    _event(first, Move.SUBMIT, 10, reviewer)
    _event(first, Move.REQUEST_CHANGES, 8, reviewer)  # 2 days
    _event(first, Move.SUBMIT, 6, reviewer)
    _event(first, Move.VERIFY, 2, reviewer)  # 4 days
    _event(second, Move.SUBMIT, 20, reviewer)
    _event(second, Move.VERIFY, 10, reviewer)  # 10 days
    _event(third, Move.SUBMIT, 1, reviewer)  # still waiting: not counted
    assert median_days_to_decision() == 4.0


def test_no_decision_yet_gives_no_median(make_entry):
    make_entry(Status.SUBMITTED)
    assert median_days_to_decision() is None


def test_the_dashboard_shows_figures_each_linked_to_the_filtered_queue(
    client, reviewer, make_entry, service_b
):
    make_entry(Status.VERIFIED, next_review_due=timezone.localdate() - datetime.timedelta(days=2))
    make_entry(Status.SUBMITTED, service=service_b)
    Report.objects.create(url="https://x.com/fake", client_hash="h")
    client.force_login(reviewer)
    r = client.get(reverse("review:dashboard"))
    html = r.content.decode()
    assert r.context["overdue"] == 1
    assert r.context["open_reports"] == 1
    queue = reverse("review:queue")
    assert f'href="{queue}?need=overdue"' in html
    assert f'href="{queue}?need=any&amp;status=submitted"' in html
    assert "MSAN" in html
    assert "<svg" in html and "<script" not in html


def test_decisions_are_counted_per_month(client, reviewer, make_entry):
    entry = make_entry(Status.SUBMITTED, assigned_reviewer=reviewer)
    workflow.verify(entry, by=reviewer, version=entry.version, checklist=answers_for("reviewer"))
    client.force_login(reviewer)
    months = client.get(reverse("review:dashboard")).context["months"]
    assert [(row["label"], row["n"]) for row in months] == [(f"{timezone.now():%m.%Y}", 1)]


def test_a_figure_link_opens_the_matching_queue(client, reviewer, make_entry):
    make_entry(Status.CLOSED, display_name="Closed one")
    make_entry(Status.VERIFIED, display_name="Verified one")
    client.force_login(reviewer)
    r = client.get(reverse("review:queue"), {"need": "any", "status": "closed"})
    assert [e.display_name for e in r.context["page"]] == ["Closed one"]
