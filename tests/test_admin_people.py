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


# --- Who can take over whom (SECURITY.md, "Who may do what to whom in the admin") -----------------
# Each way to take an account over from the admin: its password, its e-mail address (then a
# password reset), its second factor, and its central roles (withdrawn first, the person would be
# a ministry person again, open to the first three). Each returns whether the change was made.

NEW_PASSWORD = "a new password of mine 42"


def set_password(client, person) -> bool:
    client.post(
        reverse("admin:auth_user_password_change", args=[person.pk]),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    person.refresh_from_db()
    return person.check_password(NEW_PASSWORD)


def person_form(person, **changes) -> dict:
    return {
        "email": person.email, "full_name": person.full_name, "language": person.language,
        "is_active": "on", "groups": list(person.groups.values_list("pk", flat=True)),
        "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0", "memberships-MAX_NUM_FORMS": "1000",
        **({"is_staff": "on"} if person.is_staff else {}), **changes,
    }  # fmt: skip


def change_email(client, person) -> bool:
    url = reverse("admin:accounts_user_change", args=[person.pk])
    client.post(url, person_form(person, email="taken.over@evil.example"))
    person.refresh_from_db()
    return person.email == "taken.over@evil.example"


def withdraw_roles(client, person) -> bool:
    before = set(person.groups.all())
    url = reverse("admin:accounts_user_change", args=[person.pk])
    client.post(url, person_form(person, groups=[]))
    return set(person.groups.all()) != before


def remove_second_factor(client, person) -> bool:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=person, name="phone", confirmed=True)
    client.post(reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"})
    return not TOTPDevice.objects.filter(pk=device.pk).exists()


def remove_second_factor_in_bulk(client, person) -> bool:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=person, name="phone", confirmed=True)
    client.post(
        reverse("admin:otp_totp_totpdevice_changelist"),
        {"action": "delete_selected", "_selected_action": [device.pk], "post": "yes"},
    )
    return not TOTPDevice.objects.filter(pk=device.pk).exists()


TAKEOVERS = [set_password, change_email, withdraw_roles, remove_second_factor]
# Who the central admin (Carl) may take over: ministry people only.
CENTRAL_ADMIN_MAY = {
    "editor": True,
    "ministry_admin": True,
    "reviewer": False,
    "member_reviewer": False,  # a reviewer who is also a ministry editor
    "other_central_admin": False,
    "central_admin": False,  # himself: through his own pages, not the admin
    "superuser": False,
}


MINISTRY_PEOPLE = ("editor", "ministry_admin")


def cases(targets, takeovers):
    """Each (target, takeover) pair, but withdrawing roles from a person who holds none."""
    return [
        (target, takeover)
        for target in targets
        for takeover in takeovers
        if not (takeover is withdraw_roles and target in MINISTRY_PEOPLE)
    ]


@pytest.mark.parametrize(
    ("target", "takeover"), cases(CENTRAL_ADMIN_MAY, [*TAKEOVERS, remove_second_factor_in_bulk])
)
def test_a_central_admin_may_take_over_ministry_people_only(
    admin_client, central_admin, request, target, takeover
):
    person = request.getfixturevalue(target)
    allowed = CENTRAL_ADMIN_MAY[target]
    assert takeover(admin_client, person) is allowed
    if not allowed:
        assert not MembershipEvent.objects.filter(user=person).exists()


@pytest.mark.parametrize(
    ("target", "takeover"), cases(["reviewer", "other_central_admin", "editor"], TAKEOVERS)
)
def test_a_superuser_may_take_over_anyone_and_it_is_recorded(
    client, superuser, request, target, takeover
):
    person = request.getfixturevalue(target)
    client.force_login(superuser)
    assert takeover(client, person) is True
    events = MembershipEvent.objects.filter(user=person)
    assert {event.actor for event in events} == {superuser}
    expected = {
        set_password: Action.PASSWORD_SET,
        change_email: Action.PERSON_CHANGED,
        withdraw_roles: Action.GROUP_CHANGED,
        remove_second_factor: Action.FACTOR_REMOVED,
    }[takeover]
    assert expected in {event.action for event in events}


def test_a_central_admin_who_removes_a_ministry_persons_second_factor_is_recorded(
    admin_client, central_admin, editor
):
    assert remove_second_factor(admin_client, editor)
    event = MembershipEvent.objects.get(user=editor)
    assert (event.action, event.actor) == (Action.FACTOR_REMOVED, central_admin)


@pytest.mark.parametrize("view", ["otp_totp_totpdevice_config", "otp_totp_totpdevice_qrcode"])
@pytest.mark.parametrize("who", ["central_admin", "superuser"])
def test_nobody_reads_a_second_factors_key_in_the_admin(client, request, editor, view, who):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse(f"admin:{view}", args=[device.pk])).status_code == 403
    page = client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))
    assert device.key not in page.content.decode()


@pytest.mark.parametrize("who", ["reviewer", "editor", "ministry_admin"])
def test_nobody_but_central_admins_uses_the_admin(client, request, who, editor):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("admin:auth_user_password_change", args=[editor.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
