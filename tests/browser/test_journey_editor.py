"""An editor of a ministry's communication team: registers an account by pasting its link, reads
the one next step the entry page gives, and answers the central unit's request for changes in
words when submitting again. axe-core on every page; screenshots at phone and desktop width."""

import re

import pytest
from playwright.sync_api import expect

from registry import workflow
from registry.models import Move, Reason, SocialAccount, Status
from tests.browser.conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REQUEST = "The profile does not name the ministry yet: add it to the bio, please."
REPLY = "Done: the bio now reads “Ministry of Finance – official account”."


def answer_every_item(page) -> None:
    for radio in page.locator(".checklist input[type=radio][value=meets]").all():
        radio.check()


def register_by_pasting_a_link(page, look, service_pk: int) -> None:
    page.get_by_role("link", name="Register an account").click()
    page.get_by_label("Link to the account").fill("https://www.linkedin.com/company/finances-qa/")
    page.get_by_role("button", name="Check the link").click()
    expect(page.locator(".detected")).to_contain_text("finances-qa")
    look(page, "editor-register")
    page.get_by_label("Display name").fill("Finances – questions")
    page.get_by_label("Purpose").fill("Answers to taxpayers' questions.")
    page.get_by_label("French").check()
    page.get_by_role("combobox", name="Owning service").select_option(str(service_pk))
    page.get_by_label("Managing team").fill("Communication")
    page.get_by_label("Functional e-mail").fill("communication@mfin.example.org")
    answer_every_item(page)
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".messages")).to_contain_text("Submitted")


def test_an_editor_registers_an_account_by_pasting_its_link_and_sees_one_next_step(
    sign_in, look, editor, service_a
):
    page = sign_in(editor)
    expect(page).to_have_url(re.compile("/en/workspace/$"))
    look(page, "editor-workspace")
    register_by_pasting_a_link(page, look, service_a.pk)
    entry = SocialAccount.objects.get()
    assert (entry.platform, entry.handle, entry.status) == (
        "linkedin",
        "company/finances-qa",
        "submitted",
    )
    steps = page.locator(".next-step")
    expect(steps).to_have_count(1)
    expect(steps).to_contain_text("Leave the code below in the account's profile and wait")
    expect(page.locator("main")).not_to_contain_text("Nothing to do")
    look(page, "editor-entry-submitted")


@pytest.fixture
def sent_back(make_entry, editor, reviewer):
    """A submitted entry of Alice's ministry that Rita sent back with a request for changes."""
    entry = make_entry(
        Status.SUBMITTED, display_name="Finances – questions", assigned_reviewer=reviewer
    )
    workflow.request_changes(
        entry, by=reviewer, version=entry.version, reason=Reason.PROFILE_OFFICIAL, message=REQUEST
    )
    return entry


def test_an_editor_answers_a_request_for_changes_in_words_when_submitting_again(
    sign_in, look, editor, sent_back
):
    page = sign_in(editor, viewport=PHONE)
    page.get_by_role("link", name="Finances – questions").click()
    expect(page.locator(".request")).to_contain_text(REQUEST)
    expect(page.locator(".next-step")).to_contain_text("Make the changes the central unit asks")
    look(page, "editor-changes-requested", at=".request")
    page.get_by_role("link", name="Edit and submit").click()
    page.get_by_label("Your answer to the central unit").fill(REPLY)
    answer_every_item(page)
    look(page)
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".messages")).to_contain_text("Submitted")
    said = page.locator(".conversation-messages > li")
    expect(said).to_have_count(2)
    expect(said.nth(0)).to_contain_text(REQUEST)  # in the order it was said
    expect(said.nth(1)).to_contain_text(REPLY)
    look(page, "editor-conversation", at=".conversation")
    last = sent_back.events.order_by("created_at", "pk").last()
    assert (last.move, last.message) == (Move.SUBMIT, REPLY)
