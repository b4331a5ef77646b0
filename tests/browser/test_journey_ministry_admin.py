"""A ministry's administrator on a phone: reads the members page (role and remove visible), makes
an editor administrator, and is asked to confirm before demoting himself, told he will lose
access. axe-core on every page; screenshots at phone and desktop width."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import Membership
from tests.browser.conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def row_of(page, name: str):
    return page.locator("main table tbody tr").filter(has=page.get_by_role("rowheader", name=name))


def test_a_ministry_admin_on_a_phone_changes_a_role_and_confirms_demoting_himself(
    sign_in, look, ministry_admin, editor, agency_user, ministry_a
):
    page = sign_in(ministry_admin, viewport=PHONE)
    page.goto(page.url.split("/en/")[0] + f"/en/workspace/ministries/{ministry_a.slug}/members/")
    alice = row_of(page, "Alice Editor")
    for control in (alice.get_by_role("combobox"), alice.get_by_role("link", name="Remove")):
        expect(control).to_be_visible()
        assert control.bounding_box()["x"] + control.bounding_box()["width"] <= PHONE["width"]
    look(page, "members", at="main h1")

    alice.get_by_role("combobox").select_option("ministry_admin")
    alice.get_by_role("button", name="Save role").click()
    expect(page.locator(".messages")).to_contain_text("Role of Alice Editor saved.")
    assert Membership.objects.get(user=editor).role == Membership.Role.MINISTRY_ADMIN

    dora = row_of(page, "Dora Ministryadmin")
    dora.get_by_role("combobox").select_option("editor")
    dora.get_by_role("button", name="Save role").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change your own role?")
    expect(page.locator(".warning")).to_contain_text("You will lose access to its members page")
    look(page, "members-confirm-self")
    assert Membership.objects.get(user=ministry_admin).role == Membership.Role.MINISTRY_ADMIN

    page.get_by_role("button", name="Yes, change my role").click()
    expect(page).to_have_url(re.compile("/en/workspace/$"))
    assert Membership.objects.get(user=ministry_admin).role == Membership.Role.EDITOR
    look(page)
