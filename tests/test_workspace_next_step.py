"""Say what to do next, and only that (issue 18, requirement 7): the workspace entry page shows one
next step, in the order the work happens, and never "nothing to do" above a task."""

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from registry.models import Move, Reason, ReviewEvent, Status

NOW = timezone.now()
SOON = timezone.localdate() + datetime.timedelta(days=5)
LATER = timezone.localdate() + datetime.timedelta(days=300)

# status, the entry's situation, what the step says, whether the code box goes with it
STEPS = [
    (Status.DRAFT, {}, "Put the code below in the account's profile", True),
    (Status.SUBMITTED, {}, "Leave the code below in the account's profile and wait", True),
    (Status.CHANGES_REQUESTED, {}, "Make the changes the central unit asks for", True),
    (Status.VERIFIED, {"verified_at": NOW}, "you may remove the proof-of-control code", False),
    (
        Status.VERIFIED,
        {"verified_at": NOW - datetime.timedelta(days=200), "next_review_due": LATER},
        "Keep the contact data up to date.",
        False,
    ),
    (Status.VERIFIED, {"next_review_due": SOON}, "Re-certification due", False),
    (
        Status.VERIFIED,
        {"next_review_due": SOON, "confirmation_submitted_at": NOW},
        "Wait: the central unit is checking your re-certification.",
        False,
    ),
    (Status.SUSPENDED, {}, "Solve what the central unit names below", False),
    (Status.SUSPENDED, {"hacked": True}, "Secure the account", False),
    (Status.CLOSED, {}, "Nothing to do: the account is closed.", False),
    (Status.REJECTED, {}, "Nothing to do: the central unit rejected the entry.", False),
    (Status.WITHDRAWN, {}, "Nothing to do: the entry was withdrawn.", False),
]


def next_step_of(page: str) -> str:
    start = page.index('id="next-step-title"')
    return html.unescape(page[start : page.index("</section>", start)])


@pytest.mark.parametrize(("status", "situation", "says", "with_code"), STEPS)
def test_the_entry_page_shows_one_next_step_for_each_status_and_situation(
    client, editor, reviewer, make_entry, status, situation, says, with_code
):
    situation = dict(situation)
    hacked = situation.pop("hacked", False)
    entry = make_entry(status, **situation)
    if status == Status.SUSPENDED:
        ReviewEvent.objects.create(
            entry=entry,
            actor=reviewer,
            move=Move.SUSPEND,
            from_status=Status.VERIFIED,
            to_status=Status.SUSPENDED,
            reason=Reason.COMPROMISED if hacked else Reason.NEUTRALITY,
            message="Notice.",
        )
    client.force_login(editor)
    page = client.get(reverse("workspace:entry", args=[entry.pk])).content.decode()
    step = next_step_of(page)
    assert says in step
    assert (entry.control_code in step) is with_code
    assert page.count('id="next-step-title"') == 1
    assert "What is expected of you" not in page


@pytest.mark.parametrize(("status", "situation", "says", "with_code"), STEPS)
def test_no_step_says_nothing_to_do_while_asking_for_the_code(status, situation, says, with_code):
    assert not (with_code and says.startswith("Nothing"))


def test_the_code_appears_once_on_the_page_of_a_submitted_entry(client, editor, submitted_entry):
    client.force_login(editor)
    page = client.get(reverse("workspace:entry", args=[submitted_entry.pk])).content.decode()
    assert page.count(submitted_entry.control_code) == 1
    assert "Nothing" not in next_step_of(page)
