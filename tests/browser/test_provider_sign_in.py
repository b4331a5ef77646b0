"""Signing in through the State's identity provider in a real browser, through the real
redirects: the sign-in page, the provider's own page, back to the registry; and out again."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reviewer_signs_in_through_the_provider_with_its_second_factor_and_signs_out_of_both(
    page, live_server, provider, reviewer, settings, axe_violations
):
    settings.REQUIRE_STAFF_2FA = True  # the provider's second factor stands for the TOTP step
    provider.add_person("rita-gov", reviewer.email, amr=["pwd", "mfa"])
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/en/account/login/")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Sign in with MyGov").click()

    expect(page).to_have_url(re.compile(rf"^{re.escape(provider.issuer)}/interaction/"))
    page.get_by_label("User id").fill("rita-gov")
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(re.compile(r"/en/review/$"))
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(rf"^{re.escape(provider.issuer)}/session/end"))
    page.get_by_role("button", name="Yes, sign me out").click()
    expect(page).to_have_url(re.compile(rf"^{re.escape(live_server.url)}/(en|fr)/$"))
    expect(page.locator("form[action*='logout']")).to_have_count(0)  # signed out here

    # Signed out at the provider too: signing in again asks who the person is.
    page.goto(f"{live_server.url}/en/account/login/")
    page.get_by_role("button", name="Sign in with MyGov").click()
    expect(page.get_by_label("User id")).to_be_visible()
