"""Class 5: a central admin manages ministry people, never the central unit's admins or a
superuser; every change they make to a person is in the people audit."""

import pytest
from django.urls import reverse

from accounts.models import MembershipEvent, User

Action = MembershipEvent.Action


@pytest.fixture
def admin_client(client, central_admin):
    client.force_login(central_admin)
    return client


@pytest.fixture
def other_central_admin(db):
    from django.contrib.auth.models import Group

    from accounts.roles import CENTRAL_ADMINS

    user = User.objects.create_user(
        email="cora@sip.example", password="x" * 20, full_name="Cora Central", is_staff=False
    )
    user.groups.add(Group.objects.get(name=CENTRAL_ADMINS))
    return user


@pytest.mark.parametrize("target", ["superuser", "other_central_admin", "central_admin"])
def test_a_central_admin_cannot_set_the_password_of_central_staff(admin_client, request, target):
    person = request.getfixturevalue(target)
    url = reverse("admin:auth_user_password_change", args=[person.pk])
    response = admin_client.post(
        url, {"password1": "a new password of mine 42", "password2": "a new password of mine 42",
              "usable_password": "true"},
    )  # fmt: skip
    assert response.status_code == 403
    person.refresh_from_db()
    assert not person.check_password("a new password of mine 42")


@pytest.mark.parametrize("target", ["superuser", "other_central_admin"])
def test_a_central_admin_cannot_change_the_address_flags_or_groups_of_central_staff(
    admin_client, request, target
):
    person = request.getfixturevalue(target)
    before = (person.email, person.is_staff, person.is_superuser, set(person.groups.all()))
    admin_client.post(
        reverse("admin:accounts_user_change", args=[person.pk]),
        {"email": "mine@evil.example", "full_name": person.full_name, "language": "fr",
         "is_active": "on", "is_staff": "on", "is_superuser": "on", "groups": [],
         "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0",
         "memberships-MIN_NUM_FORMS": "0", "memberships-MAX_NUM_FORMS": "1000"},
    )  # fmt: skip
    person.refresh_from_db()
    assert (person.email, person.is_staff, person.is_superuser, set(person.groups.all())) == before


def test_a_central_admin_may_set_a_ministry_persons_password_and_it_is_audited(
    admin_client, central_admin, editor
):
    response = admin_client.post(
        reverse("admin:auth_user_password_change", args=[editor.pk]),
        {"password1": "a new password of mine 42", "password2": "a new password of mine 42",
         "usable_password": "true"},
    )  # fmt: skip
    assert response.status_code == 302
    event = MembershipEvent.objects.get(user=editor, action=Action.PASSWORD_SET)
    assert event.actor == central_admin
    assert "a new password" not in event.old_value + event.new_value


def test_a_change_to_a_ministry_persons_details_is_in_the_people_audit(
    admin_client, central_admin, editor
):
    admin_client.post(
        reverse("admin:accounts_user_change", args=[editor.pk]),
        {"email": "alice.new@mfin.example.org", "full_name": "Alice Renamed", "language": "de",
         "is_active": "on", "groups": [],
         "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0",
         "memberships-MIN_NUM_FORMS": "0", "memberships-MAX_NUM_FORMS": "1000"},
    )  # fmt: skip
    events = MembershipEvent.objects.filter(user=editor, action=Action.PERSON_CHANGED)
    assert {e.new_value for e in events} >= {
        "email: alice.new@mfin.example.org", "full_name: Alice Renamed", "language: de",
    }  # fmt: skip
    assert {e.actor for e in events} == {central_admin}


def test_a_superuser_may_change_a_central_admins_password(client, superuser, other_central_admin):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:auth_user_password_change", args=[other_central_admin.pk]),
        {"password1": "a new password of mine 42", "password2": "a new password of mine 42",
         "usable_password": "true"},
    )  # fmt: skip
    assert response.status_code == 302
