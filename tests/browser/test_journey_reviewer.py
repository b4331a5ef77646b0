"""A reviewer of the central unit: searches the queue, assigns several entries to herself at
once, decides with the checklist already filled in from the ministry's self-assessment, and
goes on to the next entry in the queue. axe-core on every page; screenshots at both widths."""

import re

import pytest
from playwright.sync_api import expect

from registry.models import SocialAccount, Status
from tests.conftest import answers_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def waiting(make_entry, service_b):
    """Three submitted entries, nobody assigned, each with the ministry's self-assessment."""
    answered = {row["code"]: {"answer": "meets", "note": ""} for row in answers_for("ministry")}
    names = [
        ("Finances – impôts", None),
        ("Finances – douane", None),
        ("Santé – vaccins", service_b),
    ]
    return [
        make_entry(Status.SUBMITTED, display_name=name, service=service, self_assessment=answered)
        for name, service in names
    ]


def queue_names(page) -> list[str]:
    return page.locator("main table tbody th[scope=row] a").all_inner_texts()


def search_queue(page, words: str) -> None:
    page.locator("form.queue-filters input[name=q]").fill(words)
    page.locator("form.queue-filters button[type=submit]").click()


def answer_what_the_ministry_did_not(page) -> None:
    for group in page.locator("form.decision fieldset.answer").all():
        if not group.locator("input:checked").count():
            group.locator("input[value=meets]").check()


def test_a_reviewer_searches_assigns_in_bulk_and_decides_from_the_self_assessment(
    sign_in, look, reviewer, waiting
):
    page = sign_in(reviewer)
    expect(page).to_have_url(re.compile("/en/review/$"))
    look(page, "review-queue", at="main table caption")
    search_queue(page, "IMPOTS")
    assert queue_names(page) == ["Finances – impôts"]
    search_queue(page, "finances")
    assert sorted(queue_names(page)) == ["Finances – douane", "Finances – impôts"]

    for tick in page.locator("main table tbody input[type=checkbox]").all():
        tick.check()
    expect(page.get_by_label("Assign the ticked entries to")).to_have_value(str(reviewer.pk))
    page.get_by_role("button", name="Assign", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("2 entries assigned to Rita Reviewer.")
    mine = SocialAccount.objects.filter(assigned_reviewer=reviewer)
    assert sorted(mine.values_list("display_name", flat=True)) == [
        "Finances – douane",
        "Finances – impôts",
    ]

    first = queue_names(page)[0]
    page.get_by_role("link", name=first).click()
    decision = page.locator("form.decision")
    expect(decision.locator(".answer-source").first).to_contain_text("The ministry's answer")
    checked = decision.locator("input[type=radio][value=meets]:checked")
    assert checked.count() >= len(answers_for("ministry"))  # the ministry's answers, kept
    look(page, "review-decide", at="#decision-title")
    answer_what_the_ministry_did_not(page)
    page.get_by_label("Verify", exact=True).check()
    page.get_by_role("button", name="Record and open the next in queue").click()

    second = ({"Finances – impôts", "Finances – douane"} - {first}).pop()
    expect(page.get_by_role("heading", level=1)).to_contain_text(second)
    expect(page.locator(".messages")).to_contain_text("Decision recorded: Verified")
    look(page)
    assert SocialAccount.objects.get(display_name=first).status == Status.VERIFIED
