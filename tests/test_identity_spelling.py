"""Class 4: one identity, one spelling: sign-in, lockout, password reset, invitations and the
unique constraint all normalise the e-mail address the same way."""

import pytest
from django.core import mail
from django.db import IntegrityError
from django.urls import reverse

from accounts.identity import normalise_email
from accounts.invitations import invite_member
from accounts.models import Membership, User
from tests.conftest import PASSWORD

SPELLINGS = ["alice@mfin.example.org", "ALICE@MFIN.EXAMPLE.ORG", "Alice@Mfin.Example.Org",
             " alice@mfin.example.org "]  # fmt: skip


def test_sixteen_failures_across_four_spellings_lock_the_person_out(client, editor, settings):
    settings.AXES_FAILURE_LIMIT = 5
    login = reverse("accounts:login")
    for attempt in range(16):
        client.post(
            login,
            {"username": SPELLINGS[attempt % 4], "password": "wrong"},
            REMOTE_ADDR=f"198.51.100.{attempt + 1}",  # a new address each time
        )
    response = client.post(
        login, {"username": editor.email, "password": PASSWORD}, REMOTE_ADDR="198.51.100.99"
    )
    assert response.status_code in (403, 429)
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_every_spelling_signs_in(client, editor, spelling):
    response = client.post(reverse("accounts:login"), {"username": spelling, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


def test_two_users_cannot_share_one_address_in_another_case(editor):
    with pytest.raises(IntegrityError):
        User.objects.bulk_create([User(email="ALICE@mfin.example.org", full_name="Alice Again")])


def test_the_admin_stores_the_normalised_address(client, superuser):
    client.force_login(superuser)
    client.post(
        reverse("admin:accounts_user_add"),
        {"email": "New.Person@MFIN.example.org", "full_name": "New Person",
         "password1": "a long enough password 42", "password2": "a long enough password 42",
         "usable_password": "true", "memberships-TOTAL_FORMS": "0",
         "memberships-INITIAL_FORMS": "0", "memberships-MIN_NUM_FORMS": "0",
         "memberships-MAX_NUM_FORMS": "1000"},
    )  # fmt: skip
    assert User.objects.filter(email="new.person@mfin.example.org").exists()
    # …and the creation is in the people audit
    from accounts.models import MembershipEvent

    assert MembershipEvent.objects.filter(
        user__email="new.person@mfin.example.org", action="account_created", actor=superuser
    ).exists()


def test_password_reset_finds_the_person_whatever_the_spelling(client, editor, run_jobs):
    client.post(reverse("accounts:password-reset"), {"email": "ALICE@Mfin.Example.org"})
    run_jobs()
    assert [m.to for m in mail.outbox] == [[editor.email]]


def test_an_invitation_in_another_spelling_adds_the_existing_person(
    editor, ministry_admin, ministry_b
):
    invite_member(
        by=ministry_admin, ministry=ministry_b, email="ALICE@MFIN.example.org",
        full_name="Alice", role=Membership.Role.EDITOR,
    )  # fmt: skip
    assert User.objects.filter(email__iexact="alice@mfin.example.org").count() == 1
    assert Membership.objects.filter(user=editor, ministry=ministry_b).exists()


def test_the_normal_form_is_lower_case_without_surrounding_spaces():
    assert normalise_email("  Anne@SIP.Example ") == "anne@sip.example"
