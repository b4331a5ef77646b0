"""A ministry admin manages the ministry's members; invitations (issue 5, requirement 6)."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.invitations import invitation_tokens
from accounts.models import Membership, MembershipEvent, User
from registry import workflow

PASSWORD = "a long enough new password 42"


def members_url(ministry) -> str:
    return reverse("workspace:members", args=[ministry.slug])


def invite(client, ministry, **fields):
    data = {
        "email": "nina@mfin.example.org",
        "full_name": "Nina Newcomer",
        "role": "editor",
    } | fields
    return client.post(members_url(ministry), data)


def test_the_admin_sees_the_ministrys_members(
    client, ministry_admin, editor, agency_user, ministry_a
):
    client.force_login(ministry_admin)
    page = client.get(members_url(ministry_a)).content.decode()
    for person in (ministry_admin, editor, agency_user):
        assert person.full_name in page


def test_an_editor_may_not_manage_members(client, editor, ministry_a):
    client.force_login(editor)
    assert client.get(members_url(ministry_a)).status_code == 403


def test_inviting_a_new_person_creates_them_sends_a_one_time_link_and_records_it(
    client, ministry_admin, ministry_a, run_jobs
):
    client.force_login(ministry_admin)
    response = invite(client, ministry_a)
    run_jobs()
    assert response.status_code == 302
    nina = User.objects.get(email="nina@mfin.example.org")
    assert not nina.has_usable_password()
    assert Membership.objects.get(user=nina, ministry=ministry_a).role == "editor"
    event = MembershipEvent.objects.get(user=nina)
    assert (event.actor, event.action, event.new_value) == (ministry_admin, "invited", "editor")
    assert mail.outbox[0].to == ["nina@mfin.example.org"]
    assert "/workspace/invitation/" in mail.outbox[0].body


def invitation_path(body: str) -> str:
    return re.search(r"https?://[^/]+(/\S+/invitation/\S+/)", body).group(1)


def test_the_invitation_link_sets_a_password_once(client, ministry_admin, ministry_a, run_jobs):
    client.force_login(ministry_admin)
    invite(client, ministry_a)
    run_jobs()
    path = invitation_path(mail.outbox[0].body)
    client.logout()
    response = client.post(path, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert response.status_code == 302
    assert User.objects.get(email="nina@mfin.example.org").check_password(PASSWORD)
    client.logout()
    again = client.get(path.replace("/fr/", "/en/", 1))  # the e-mail is in the ministry's French
    assert again.status_code == 400
    assert "expired or has already been used" in again.content.decode()


def test_someone_signed_in_who_opens_an_invitation_is_told_whose_it_is(
    client, ministry_admin, ministry_a, editor, run_jobs
):
    client.force_login(ministry_admin)
    invite(client, ministry_a)
    run_jobs()
    path = invitation_path(mail.outbox[0].body).replace("/fr/", "/en/", 1)
    client.force_login(editor)
    page = client.get(path).content.decode()
    assert f"This browser is signed in as {editor.email}" in page
    assert "signs in as nina@mfin.example.org" in page
    client.logout()
    assert "This browser is signed in" not in client.get(path).content.decode()


def test_an_expired_invitation_is_refused_with_a_clear_message(client, ministry_a, settings):
    nina = User.objects.create_user(email="nina@mfin.example.org", full_name="Nina", password=None)
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    path = reverse(
        "workspace:invitation",
        args=[urlsafe_base64_encode(force_bytes(nina.pk)), invitation_tokens.make_token(nina)],
    )
    settings.PASSWORD_RESET_TIMEOUT = -1  # the seven days have passed
    response = client.get(path)
    assert response.status_code == 400
    assert "This invitation link has expired or has already been used" in response.content.decode()


def test_a_password_reset_token_is_not_an_invitation(client, db):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    nina = User.objects.create_user(email="nina@mfin.example.org", full_name="Nina", password=None)
    path = reverse(
        "workspace:invitation",
        args=[
            urlsafe_base64_encode(force_bytes(nina.pk)),
            default_token_generator.make_token(nina),
        ],
    )
    assert client.get(path).status_code == 400


def test_inviting_someone_who_already_has_an_account_adds_them(
    client, ministry_admin, ministry_a, other_editor
):
    client.force_login(ministry_admin)
    invite(client, ministry_a, email=other_editor.email)
    assert Membership.objects.filter(user=other_editor, ministry=ministry_a).exists()
    assert MembershipEvent.objects.get(user=other_editor).action == "added"


def test_inviting_a_member_twice_is_refused(client, ministry_admin, ministry_a, editor):
    client.force_login(ministry_admin)
    response = invite(client, ministry_a, email=editor.email)
    assert "already a member of this ministry" in response.content.decode()


def test_changing_a_role_is_recorded_with_old_and_new(client, ministry_admin, ministry_a, editor):
    membership = Membership.objects.get(user=editor)
    client.force_login(ministry_admin)
    client.post(
        reverse("workspace:member-role", args=[ministry_a.slug, membership.pk]),
        {f"m{membership.pk}-role": "ministry_admin"},
    )
    membership.refresh_from_db()
    assert membership.role == "ministry_admin"
    event = MembershipEvent.objects.get(user=editor)
    assert (event.action, event.old_value, event.new_value) == (
        "role_changed",
        "editor",
        "ministry_admin",
    )


def test_the_last_administrator_cannot_step_down(client, ministry_admin, ministry_a):
    membership = Membership.objects.get(user=ministry_admin)
    client.force_login(ministry_admin)
    response = client.post(
        reverse("workspace:member-role", args=[ministry_a.slug, membership.pk]),
        {f"m{membership.pk}-role": "editor", "confirm": "yes"},
        follow=True,
    )
    assert "at least one administrator" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == "ministry_admin"


def test_removing_a_member_keeps_the_person_and_their_past_actions(
    client, ministry_admin, ministry_a, editor, draft_entry
):
    workflow.withdraw(draft_entry, by=editor, version=draft_entry.version)
    membership = Membership.objects.get(user=editor)
    client.force_login(ministry_admin)
    client.post(reverse("workspace:member-remove", args=[ministry_a.slug, membership.pk]))
    assert not Membership.objects.filter(user=editor).exists()
    assert User.objects.filter(pk=editor.pk).exists()
    assert draft_entry.events.last().actor == editor
    event = MembershipEvent.objects.get(user=editor)
    assert (event.action, event.old_value, event.actor) == ("removed", "editor", ministry_admin)
    client.force_login(editor)
    assert client.get(reverse("workspace:home")).status_code == 403


@pytest.mark.parametrize("name", ["member-role", "member-remove"])
def test_a_membership_of_another_ministry_is_not_found(
    client, ministry_admin, ministry_a, other_editor, name
):
    other = Membership.objects.get(user=other_editor)
    client.force_login(ministry_admin)
    response = client.post(
        reverse(f"workspace:{name}", args=[ministry_a.slug, other.pk]),
        {f"m{other.pk}-role": "ministry_admin"},
    )
    assert response.status_code == 404
    assert Membership.objects.get(pk=other.pk).role == "editor"


def test_an_agency_member_cannot_be_made_an_administrator(
    client, ministry_admin, ministry_a, agency_user
):
    membership = Membership.objects.get(user=agency_user)
    client.force_login(ministry_admin)
    client.post(
        reverse("workspace:member-role", args=[ministry_a.slug, membership.pk]),
        {f"m{membership.pk}-role": "ministry_admin"},
    )
    membership.refresh_from_db()
    assert membership.role == "editor"


def test_an_agency_member_cannot_open_an_entry_of_another_agency_or_in_house(
    client, agency_user, draft_entry
):
    client.force_login(agency_user)
    assert client.get(reverse("workspace:entry", args=[draft_entry.pk])).status_code == 404


# --- Issue 18, requirement 9: an administrator who demotes or removes himself confirms first -----


@pytest.fixture
def second_admin(ministry_a):
    from tests.conftest import make_user

    user = make_user("ed@mfin.example.org", "Ed Secondadmin")
    Membership.objects.create(user=user, ministry=ministry_a, role=Membership.Role.MINISTRY_ADMIN)
    return user


def role_url(ministry, membership) -> str:
    return reverse("workspace:member-role", args=[ministry.slug, membership.pk])


def remove_url(ministry, membership) -> str:
    return reverse("workspace:member-remove", args=[ministry.slug, membership.pk])


def test_demoting_oneself_asks_to_confirm_and_says_access_is_lost(
    client, ministry_admin, second_admin, ministry_a
):
    membership = Membership.objects.get(user=ministry_admin)
    client.force_login(ministry_admin)
    response = client.post(role_url(ministry_a, membership), {f"m{membership.pk}-role": "editor"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "You will lose access to its members page" in page
    assert 'name="confirm"' in page
    membership.refresh_from_db()
    assert membership.role == "ministry_admin"


def test_a_confirmed_self_demotion_is_made_and_leads_back_to_the_register(
    client, ministry_admin, second_admin, ministry_a
):
    membership = Membership.objects.get(user=ministry_admin)
    client.force_login(ministry_admin)
    response = client.post(
        role_url(ministry_a, membership), {f"m{membership.pk}-role": "editor", "confirm": "yes"}
    )
    assert response["Location"] == reverse("workspace:home")
    membership.refresh_from_db()
    assert membership.role == "editor"


def test_demoting_someone_else_needs_no_confirmation(
    client, ministry_admin, second_admin, ministry_a
):
    membership = Membership.objects.get(user=second_admin)
    client.force_login(ministry_admin)
    response = client.post(role_url(ministry_a, membership), {f"m{membership.pk}-role": "editor"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == "editor"


def test_the_remove_page_warns_an_admin_removing_himself(
    client, ministry_admin, second_admin, ministry_a
):
    membership = Membership.objects.get(user=ministry_admin)
    client.force_login(ministry_admin)
    page = client.get(remove_url(ministry_a, membership)).content.decode()
    assert "Remove yourself?" in page
    assert "You will lose access at once" in page


def test_removing_oneself_without_the_confirmation_field_changes_nothing(
    client, ministry_admin, second_admin, ministry_a
):
    membership = Membership.objects.get(user=ministry_admin)
    client.force_login(ministry_admin)
    response = client.post(remove_url(ministry_a, membership))
    assert response.status_code == 200  # the confirmation page again
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_a_confirmed_self_removal_is_made(client, ministry_admin, second_admin, ministry_a):
    membership = Membership.objects.get(user=ministry_admin)
    client.force_login(ministry_admin)
    response = client.post(remove_url(ministry_a, membership), {"confirm": "yes"})
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
