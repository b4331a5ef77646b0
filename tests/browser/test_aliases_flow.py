"""Another link to an official account, end to end in a browser: the ministry declares the old
YouTube address its government still publishes, the central unit accepts it in one click, and a
citizen pasting that old address is told the account is official. axe checks each page."""

import pytest
from playwright.sync_api import expect

from registry.models import SocialAccount, Status
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
OLD_ADDRESS = "https://www.youtube.com/user/GouvLu"


@pytest.fixture
def channel(make_entry) -> SocialAccount:
    return make_entry(
        Status.VERIFIED,
        platform="youtube",
        handle="@gouvlu",
        url="https://www.youtube.com/@gouvlu",
        display_name="Gouvernement – vidéos",
    )


def signed_in(new_context, live_server, user):
    page = new_context(viewport=DESKTOP).new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/en/account/login/")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Sign in").click()
    return page


def fits_a_phone(page) -> bool:
    page.set_viewport_size(PHONE)
    width = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size(DESKTOP)
    return width <= PHONE["width"]


def test_a_declared_and_accepted_old_address_answers_official(
    new_context, page, live_server, editor, reviewer, channel, axe_violations, screenshot
):
    ministry = signed_in(new_context, live_server, editor)
    ministry.goto(f"{live_server.url}/en/workspace/entries/{channel.pk}/")
    ministry.get_by_role("link", name="Declare other links").click()
    assert axe_violations(ministry) == []
    ministry.get_by_label("Another link to the same account").fill(OLD_ADDRESS)
    ministry.get_by_role("button", name="Declare this link").click()
    expect(ministry.locator(".messages")).to_contain_text("The central unit will check it")
    expect(ministry.locator(".alias-list")).to_contain_text("Awaiting the central unit")
    assert axe_violations(ministry) == []
    assert fits_a_phone(ministry)
    screenshot(ministry, "aliases-declared-desktop")

    central = signed_in(new_context, live_server, reviewer)
    central.goto(f"{live_server.url}/en/review/entries/{channel.pk}/")
    assert axe_violations(central) == []
    central.locator("#aliases-title").scroll_into_view_if_needed()
    screenshot(central, "aliases-review-desktop")
    central.get_by_role("button", name="Accept user/gouvlu").click()
    expect(central.locator(".messages")).to_contain_text("Alias accepted")
    expect(central.locator(".history")).to_contain_text("Alias accepted")

    page.goto(f"{live_server.url}/en/verify/?url={OLD_ADDRESS}")
    expect(page.locator(".result-official")).to_contain_text("Gouvernement – vidéos")
