"""Sign-in protection: throttled failures, password rules, expiring sessions, TOTP for staff."""

import datetime
import re
from base64 import b32encode

import pytest
from django.contrib.sessions.models import Session
from django.http import HttpResponse
from django.urls import path, reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.access import Rule, access
from registry.urls import urlpatterns as site_urlpatterns
from tests.conftest import PASSWORD

LOGIN = "/en/account/login/"
WRONG = "not the password at all"


def sign_in(client, email, password, ip="10.0.0.1"):
    # `next` keeps these tests independent of where the workspace lands people.
    data = {"username": email, "password": password, "next": "/fr/account/"}
    return client.post(LOGIN, data, REMOTE_ADDR=ip)


def fail_five_times(client, email, ip="10.0.0.1"):
    statuses = [sign_in(client, email, WRONG, ip).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]  # the form again, then the lockout page


def test_a_right_password_signs_in(client, editor):
    response = sign_in(client, editor.email, PASSWORD)
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_five_failures_lock_the_account_even_for_the_right_password(client, editor):
    fail_five_times(client, editor.email)
    response = sign_in(client, editor.email, PASSWORD)
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_locked_account_stays_locked_from_another_connection(client, editor):
    fail_five_times(client, editor.email, ip="10.0.0.1")
    response = sign_in(client, editor.email, PASSWORD, ip="10.9.9.9")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_client_that_failed_five_times_is_locked_for_other_accounts_too(client, editor, reviewer):
    fail_five_times(client, editor.email, ip="10.0.0.1")
    response = sign_in(client, reviewer.email, PASSWORD, ip="10.0.0.1")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_four_failures_do_not_lock_and_a_success_resets_the_count(client, editor):
    for _ in range(4):
        sign_in(client, editor.email, WRONG)
    assert sign_in(client, editor.email, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        sign_in(client, editor.email, WRONG)
    assert sign_in(client, editor.email, PASSWORD).status_code == 302


@pytest.mark.parametrize(
    "weak", ["password123", "12345678901234", "alice@mfin.example.org", "short1!"]
)
def test_the_password_change_form_refuses_a_weak_password(client, editor, weak):
    client.force_login(editor)
    response = client.post(
        reverse("accounts:password-change"),
        {"old_password": PASSWORD, "new_password1": weak, "new_password2": weak},
    )
    assert response.status_code == 200
    assert "new_password2" in response.context["form"].errors
    editor.refresh_from_db()
    assert editor.check_password(PASSWORD)


def test_the_password_change_form_accepts_a_long_uncommon_password(client, editor):
    client.force_login(editor)
    new = "violet tram under seven bridges"
    response = client.post(
        reverse("accounts:password-change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    editor.refresh_from_db()
    assert editor.check_password(new)


def test_sessions_end_with_the_browser_and_after_eight_idle_hours(settings):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert 0 < settings.SESSION_COOKIE_AGE <= 8 * 3600
    assert settings.SESSION_SAVE_EVERY_REQUEST is True  # idle time, not time since sign-in
    assert settings.SESSION_COOKIE_HTTPONLY is True


def test_the_session_cookie_is_not_kept_after_the_browser_closes(client, editor):
    response = sign_in(client, editor.email, PASSWORD)
    cookie = response.cookies["sessionid"]
    assert cookie["max-age"] == ""
    assert cookie["expires"] == ""


def test_an_expired_session_is_signed_out(client, editor):
    sign_in(client, editor.email, PASSWORD)
    assert client.get(reverse("accounts:password-change")).status_code == 200
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = client.get(reverse("accounts:password-change"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


# The second factor, required of staff roles when REQUIRE_STAFF_2FA is on.
@access(Rule.REVIEWER)
def review_desk(request):
    return HttpResponse("review desk")


urlpatterns = [path("desk/", review_desk, name="desk"), *site_urlpatterns]
TWO_FACTOR = "/fr/account/two-factor/"


def code_for(device: TOTPDevice, *, drift: int = 0) -> str:
    return str(
        totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift)
    ).zfill(6)


@pytest.fixture
def staff_2fa(settings):
    settings.REQUIRE_STAFF_2FA = True


@pytest.fixture
def reviewer_device(reviewer) -> TOTPDevice:
    return TOTPDevice.objects.create(user=reviewer, name="phone", confirmed=True)


@pytest.mark.urls("tests.test_signin")
def test_a_reviewer_without_the_second_factor_is_sent_to_it(client, reviewer, staff_2fa):
    client.force_login(reviewer)
    response = client.get("/desk/")
    assert response.status_code == 302
    assert response["Location"] == f"{TWO_FACTOR}?next=/desk/"


@pytest.mark.urls("tests.test_signin")
def test_without_the_setting_a_reviewer_needs_no_second_factor(client, reviewer, settings):
    settings.REQUIRE_STAFF_2FA = False
    client.force_login(reviewer)
    assert client.get("/desk/").content == b"review desk"


def test_a_ministry_editor_is_not_asked_for_a_second_factor(client, editor, staff_2fa):
    client.force_login(editor)
    assert client.get(reverse("accounts:password-change")).status_code == 200


def test_the_two_factor_page_needs_a_signed_in_person(client, db):
    response = client.get(TWO_FACTOR)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_reviewer_without_a_device_sees_a_qr_code_and_the_secret(client, reviewer, staff_2fa):
    client.force_login(reviewer)
    page = client.get(TWO_FACTOR).content.decode()
    device = TOTPDevice.objects.get(user=reviewer, confirmed=False)
    assert '<svg aria-hidden="true"' in page
    assert "<script" not in page
    assert device.config_url.split("secret=")[1].split("&")[0] in page
    # Reloading the page keeps the same secret (the app may already have scanned it).
    client.get(TWO_FACTOR)
    assert TOTPDevice.objects.filter(user=reviewer).count() == 1


@pytest.mark.urls("tests.test_signin")
def test_confirming_the_device_with_a_code_verifies_the_session_and_goes_on(
    client, reviewer, staff_2fa
):
    client.force_login(reviewer)
    client.get(TWO_FACTOR)
    device = TOTPDevice.objects.get(user=reviewer)
    response = client.post(TWO_FACTOR, {"token": code_for(device), "next": "/desk/"})
    assert response.status_code == 302
    assert response["Location"] == "/desk/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/desk/").content == b"review desk"


@pytest.mark.urls("tests.test_signin")
def test_a_reviewer_with_a_device_enters_a_code_and_never_sees_the_secret_again(
    client, reviewer, reviewer_device, staff_2fa
):
    client.force_login(reviewer)
    page = client.get(TWO_FACTOR).content.decode()
    assert "<svg" not in page
    assert b32encode(reviewer_device.bin_key).decode() not in page
    response = client.post(TWO_FACTOR, {"token": code_for(reviewer_device), "next": "/desk/"})
    assert response["Location"] == "/desk/"
    assert client.get("/desk/").status_code == 200


@pytest.mark.parametrize("token", ["000000", "12345", "abcdef", "1234567", "", "<script>"])
def test_a_wrong_code_is_refused_with_a_message(
    client, reviewer, reviewer_device, staff_2fa, token
):
    client.force_login(reviewer)
    response = client.post(TWO_FACTOR, {"token": token})
    assert response.status_code == 400
    assert response.context["form"].errors["token"]
    assert not client.session.get("otp_device_id")


def test_a_code_cannot_be_used_twice(client, reviewer, reviewer_device, staff_2fa):
    client.force_login(reviewer)
    token = code_for(reviewer_device)
    assert client.post(TWO_FACTOR, {"token": token}).status_code == 302
    client.logout()
    client.force_login(reviewer)
    assert client.post(TWO_FACTOR, {"token": token}).status_code == 400


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"]
)
def test_the_next_address_must_stay_on_this_site(
    client, reviewer, reviewer_device, staff_2fa, target
):
    client.force_login(reviewer)
    response = client.post(TWO_FACTOR, {"token": code_for(reviewer_device), "next": target})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:home")


def test_the_admin_site_opens_to_a_central_admin_after_the_second_factor(
    client, central_admin, staff_2fa
):
    device = TOTPDevice.objects.create(user=central_admin, name="phone", confirmed=True)
    client.force_login(central_admin)
    assert client.get("/fr/admin/").status_code == 302
    client.post(TWO_FACTOR, {"token": code_for(device)})
    assert client.get("/fr/admin/").status_code == 200


# --- Issue 18, requirement 10: staff find the second factor and the password change in the menu --


@pytest.mark.parametrize("persona", ["editor", "ministry_admin", "agency_user", "reviewer"])
@pytest.mark.parametrize(
    "path", ["/en/workspace/", "/en/review/"]
)  # public pages: cached, same for all
def test_the_menu_of_a_signed_in_person_leads_to_two_factor_and_password_change(
    client, request, persona, path
):
    client.force_login(request.getfixturevalue(persona))
    page = client.get(path, follow=True).content.decode()
    start = page.index('<nav class="wrap main-nav"')
    nav = page[start : page.index("</nav>", start)]
    assert 'href="/en/account/two-factor/"' in nav
    assert 'href="/en/account/password/change/"' in nav


def test_an_anonymous_visitors_menu_has_neither(client, db):
    page = client.get("/en/").content.decode()
    start = page.index('<nav class="wrap main-nav"')
    nav = page[start : page.index("</nav>", start)]
    assert "two-factor" not in nav and "password/change" not in nav


# --- Issue 26, requirement 6: the second factor says what it does, and does it, setting or not ---


@pytest.mark.urls("tests.test_signin")
def test_without_the_setting_a_reviewer_who_set_up_a_device_is_asked_its_code(
    client, reviewer, reviewer_device, settings
):
    settings.REQUIRE_STAFF_2FA = False  # as under `make run`
    client.force_login(reviewer)
    response = client.get("/desk/")
    assert response["Location"] == f"{TWO_FACTOR}?next=/desk/"
    client.post(TWO_FACTOR, {"token": code_for(reviewer_device)})
    assert client.get("/desk/").content == b"review desk"


def test_an_editor_who_set_up_a_device_is_asked_its_code_before_the_workspace(client, editor):
    device = TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)
    client.force_login(editor)
    assert client.get("/en/workspace/")["Location"].startswith(TWO_FACTOR.replace("/fr/", "/en/"))
    client.post(TWO_FACTOR, {"token": code_for(device)})
    assert client.get("/en/workspace/").status_code == 200


def test_without_the_setting_the_page_does_not_claim_the_role_requires_it(
    client, reviewer, settings
):
    settings.REQUIRE_STAFF_2FA = False
    client.force_login(reviewer)
    page = client.get("/en/account/two-factor/").content.decode()
    assert "Your role asks for a second factor" not in page
    assert "does not require a second factor for your role" in page


def test_a_correct_code_right_after_a_wrong_one_is_told_to_wait_not_to_check_the_clock(
    client, reviewer, reviewer_device, staff_2fa, settings
):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60  # a minute's wait, however slow the machine
    client.force_login(reviewer)
    page = TWO_FACTOR.replace("/fr/", "/en/")
    client.post(page, {"token": "000000" if code_for(reviewer_device) != "000000" else "1"})
    response = client.post(page, {"token": code_for(reviewer_device)})
    assert response.status_code == 400
    error = response.context["form"].errors["token"][0]
    assert re.match(r"Too many wrong codes in a row: wait (59|60) seconds, then", error)
    assert "clock" not in error
