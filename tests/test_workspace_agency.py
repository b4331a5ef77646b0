"""An agency's staff with one possible agency are not asked to pick it: the entry is their
agency's, said on the form, whatever the request says."""

from django.urls import reverse, reverse_lazy

from accounts.models import ExternalAgency, Membership
from registry.models import SocialAccount, Status

CREATE = reverse_lazy("workspace:entry-create")


def test_the_form_says_the_one_agency_instead_of_asking(client, agency_user, agency):
    client.force_login(agency_user)
    html = client.get(CREATE).content.decode()
    assert f"Managed by your agency: {agency.name}" in html
    assert '<select name="agency"' not in html


def test_an_entry_registered_without_an_agency_is_the_agencys(
    client, agency_user, agency, register_form
):
    client.force_login(agency_user)
    response = client.post(CREATE, register_form())
    assert response.status_code == 302
    assert SocialAccount.objects.get(handle="gouvlu").agency == agency


def test_another_agency_in_the_request_is_ignored(client, agency_user, agency, register_form):
    other = ExternalAgency.objects.create(name="Agence Ombre", contact_email="o@ombre.example")
    client.force_login(agency_user)
    client.post(CREATE, register_form(agency=other.pk))
    assert SocialAccount.objects.get(handle="gouvlu").agency == agency


def test_staff_of_two_agencies_still_choose(client, agency_user, ministry_b):
    other = ExternalAgency.objects.create(name="Agence Ombre", contact_email="o@ombre.example")
    Membership.objects.create(
        user=agency_user, ministry=ministry_b, role=Membership.Role.EDITOR, agency=other
    )
    client.force_login(agency_user)
    html = client.get(CREATE).content.decode()
    assert '<select name="agency"' in html
    assert "Managed by your agency" not in html


def test_the_contact_form_says_the_agency_too(client, agency_user, agency, make_entry):
    entry = make_entry(Status.VERIFIED, agency=agency)
    client.force_login(agency_user)
    html = client.get(reverse("workspace:entry-edit", args=[entry.pk])).content.decode()
    assert f"Managed by your agency: {agency.name}" in html
