"""An external agency's staff member: sees the entries his agency manages for the ministry, and
nothing else of the ministry's register. axe-core on every page; screenshots at both widths."""

import pytest
from playwright.sync_api import expect

from registry.models import Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_agency_member_sees_only_the_entries_his_agency_manages(
    sign_in, look, make_entry, agency_user, agency, other_ministry_entry
):
    managed = make_entry(Status.VERIFIED, display_name="Impôts – campagne", agency=agency)
    in_house = make_entry(Status.VERIFIED, display_name="Finances – interne")
    page = sign_in(agency_user)
    listed = page.locator("main")
    expect(listed.get_by_role("link", name=managed.display_name)).to_be_visible()
    for hidden in (in_house, other_ministry_entry):
        expect(listed.get_by_role("link", name=hidden.display_name)).to_have_count(0)
    look(page, "agency-workspace")

    page.get_by_role("link", name=managed.display_name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(managed.display_name)
    look(page)
    response = page.goto(page.url.replace(f"/{managed.pk}/", f"/{in_house.pk}/"))
    assert response.status == 404  # another team's entry does not exist for the agency
