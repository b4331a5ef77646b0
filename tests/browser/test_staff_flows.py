"""The staff side as its people use it: an editor registers an account, a reviewer asks for
changes, the editor resubmits, the reviewer verifies. axe-core checks every page they see,
and the pages they use most must fit a phone."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def people(new_context, live_server, editor, reviewer, service_a):
    """One signed-in browser for the editor and one for the reviewer."""

    def sign_in(user):
        page = new_context(viewport=DESKTOP).new_page()
        page.set_default_timeout(10_000)
        page.goto(f"{live_server.url}/en/account/login/")
        page.get_by_label("E-mail address").fill(user.email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("main").get_by_role("button", name="Sign in").click()
        return page

    return sign_in(editor), sign_in(reviewer)


@pytest.fixture
def check(axe_violations):
    """No axe violation on the page, and nothing wider than a phone when asked."""

    def run(page, *, phone: bool = False) -> None:
        assert axe_violations(page) == [], page.url
        if phone:
            page.set_viewport_size(PHONE)
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
            page.set_viewport_size(DESKTOP)

    return run


def answer_every_item(page, form: str) -> None:
    for radio in page.locator(f"{form} input[type=radio][value=meets]").all():
        radio.check()


def register_and_submit(page, check, service_pk: int) -> None:
    page.get_by_role("link", name="Register an account").click()
    check(page)
    page.get_by_label("Link to the account").fill("https://x.com/Finances_QA")
    page.get_by_role("button", name="Check the link").click()
    expect(page.locator(".detected")).to_contain_text("X (Twitter) account @finances_qa")
    page.get_by_label("Display name").fill("Finances – questions")
    page.get_by_label("Purpose").fill("Answers to taxpayers' questions.")
    page.get_by_label("French").check()
    page.get_by_role("combobox", name="Owning service").select_option(str(service_pk))
    page.get_by_label("Managing team").fill("Communication")
    page.get_by_label("Functional e-mail").fill("communication@mfin.example.org")
    page.get_by_role("button", name="Submit for review").click()
    # The self-assessment is not answered yet: the summary on top says so, linked to each item.
    expect(page.locator(".error-summary")).to_contain_text("Answer this question.")
    check(page)
    answer_every_item(page, ".checklist")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".messages")).to_contain_text("Submitted")
    expect(page.locator(".code-value")).to_contain_text("REG-")
    check(page, phone=True)


def request_changes(page, check) -> None:
    expect(page).to_have_url(re.compile("/en/review/$"))  # the reviewer lands on the queue
    page.reload()  # signed in before the editor submitted
    check(page)
    page.get_by_role("link", name="Finances – questions").click()
    check(page)
    page.get_by_role("button", name="Assign to me").first.click()
    expect(page.locator(".messages")).to_contain_text("Done")
    answer_every_item(page, "form.decision")
    page.get_by_label("Request changes").check()
    page.get_by_label("Reason", exact=True).select_option("CONTROL_PROVEN")
    page.get_by_role("button", name="Fill in this reason's standard message").click()
    expect(page.get_by_label("Message to the ministry")).to_have_value(
        re.compile("proof-of-control code")
    )
    assert "csrfmiddlewaretoken" not in page.url
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".messages")).to_contain_text("Decision recorded: Changes requested")
    check(page, phone=True)


def resubmit(page, check) -> None:
    page.reload()
    expect(page.locator(".request")).to_contain_text("could not see the proof-of-control code")
    check(page)
    page.get_by_role("link", name="Edit and submit").click()
    expect(page.locator(".request")).to_contain_text("Control of the account not proven")
    check(page)
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".messages")).to_contain_text("Submitted")


def verify(page, check) -> None:
    page.get_by_role("link", name="Queue", exact=True).click()
    expect(page.get_by_role("row", name=re.compile("Finances – questions"))).to_contain_text(
        "Resubmitted after changes"
    )
    page.get_by_role("link", name="Finances – questions").click()
    if page.locator(".warning + form").count():  # handed back to the queue by the decision
        page.get_by_role("button", name="Assign to me").first.click()
    answer_every_item(page, "form.decision")
    page.get_by_label("Verify", exact=True).check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".messages")).to_contain_text("Decision recorded: Verified")
    check(page)


def test_an_entry_goes_from_registration_through_changes_to_verified(people, check, service_a):
    editor_page, reviewer_page = people
    expect(editor_page).to_have_url(re.compile("/en/workspace/$"))
    check(editor_page, phone=True)
    register_and_submit(editor_page, check, service_a.pk)
    request_changes(reviewer_page, check)
    resubmit(editor_page, check)
    verify(reviewer_page, check)

    editor_page.reload()
    expect(editor_page.locator(".badge")).to_have_text("Verified")
    expect(editor_page.get_by_role("link", name="See the entry's public page")).to_be_visible()
    expect(editor_page.locator(".code-value")).to_have_count(0)
    check(editor_page, phone=True)
