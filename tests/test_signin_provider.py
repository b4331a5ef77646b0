"""Sign-in through the State's identity provider (OpenID Connect), against a real provider.

The provider is Node's oidc-provider on loopback (tests/oidc/provider.mjs, the `provider`
fixture); the registry is Django's test client. The happy path through a real browser is in
tests/browser/test_provider_sign_in.py.
"""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.urls import reverse

from accounts.models import ProviderSignIn, User
from tests.conftest import PASSWORD

Outcome = ProviderSignIn.Outcome
Reason = ProviderSignIn.Reason


def start(client, next_url: str = "") -> str:
    """Click "Sign in with …" on the (English) sign-in page: on to the provider."""
    response = client.get(reverse("oidc:start"), {"next": next_url or reverse("accounts:home")})
    assert response.status_code == 302, response.content[:300]
    return response["Location"]


def come_back(client, callback_url: str):
    parts = urlsplit(callback_url)
    return client.get(f"{parts.path}?{parts.query}")


def sign_in(client, provider, login: str):
    return come_back(client, provider.sign_in(start(client), login))


def test_a_known_person_signs_in_through_the_provider_and_lands_on_their_work(
    client, provider, editor
):
    provider.add_person("alice-gov", "Alice@MFIN.example.org")
    response = sign_in(client, provider, "alice-gov")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:home")
    assert client.get(reverse("accounts:home")).wsgi_request.user == editor
    event = ProviderSignIn.objects.get()
    assert (event.outcome, event.user, event.subject) == (Outcome.SIGNED_IN, editor, "alice-gov")


def test_the_person_goes_on_to_the_page_they_asked_for_and_never_off_site(client, provider, editor):
    provider.add_person("alice-gov", editor.email)
    wanted = reverse("workspace:home")
    assert come_back(client, provider.sign_in(start(client, wanted), "alice-gov"))["Location"] == (
        wanted
    )
    client.logout()
    elsewhere = start(client, "https://evil.example/")
    assert come_back(client, provider.sign_in(elsewhere, "alice-gov"))["Location"] == reverse(
        "accounts:home"
    )


def test_the_request_to_the_provider_carries_state_nonce_and_a_pkce_challenge(client, provider, db):
    query = parse_qs(urlsplit(start(client)).query)
    assert query["response_type"] == ["code"]
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) >= 43
    assert query["state"][0] and query["nonce"][0]
    assert query["redirect_uri"] == ["http://testserver/account/oidc/callback/"]


def test_a_changed_state_is_refused_and_nobody_is_signed_in(client, provider, editor):
    provider.add_person("alice-gov", editor.email)
    callback = provider.sign_in(start(client), "alice-gov")
    forged = callback.replace("state=", "state=forged", 1)
    response = come_back(client, forged)
    assert response.status_code == 400
    assert b"did not succeed" in response.content
    assert "_auth_user_id" not in client.session
    assert ProviderSignIn.objects.get().reason == Reason.STATE


@pytest.mark.parametrize(
    ("claims", "reason"),
    [
        ({"nonce": "a-nonce-from-another-sign-in"}, Reason.NONCE),
        ({"aud": "another-service"}, Reason.AUDIENCE),
        ({"exp": 1_000_000_000, "iat": 999_990_000}, Reason.EXPIRED),
    ],
    ids=["wrong nonce", "wrong audience", "expired"],
)
def test_an_id_token_signed_by_the_provider_but_with_a_wrong_claim_is_refused(
    client, provider, editor, claims, reason
):
    provider.add_person("alice-gov", editor.email)
    callback = provider.sign_in(start(client), "alice-gov")
    provider.tamper_next_id_token(**claims)
    response = come_back(client, callback)
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session
    event = ProviderSignIn.objects.get()
    assert (event.outcome, event.reason, event.user) == (Outcome.FAILED, reason, None)


def test_an_unverified_e_mail_address_is_refused(client, provider, editor):
    provider.add_person("alice-gov", editor.email, verified=False)
    response = sign_in(client, provider, "alice-gov")
    assert response.status_code == 403
    assert b"not verified" in response.content
    assert "_auth_user_id" not in client.session
    event = ProviderSignIn.objects.get()
    assert (event.outcome, event.reason, event.email) == (
        Outcome.REFUSED,
        Reason.UNVERIFIED_EMAIL,
        editor.email,
    )


def test_an_unknown_person_is_told_who_can_invite_them_and_nothing_is_created(
    client, provider, editor
):
    provider.add_person("zoe-gov", "zoe@mfin.example.org")
    people = User.objects.count()
    response = sign_in(client, provider, "zoe-gov")
    assert response.status_code == 403
    page = response.content.decode()
    assert "ministry&#x27;s administrator to invite you" in page
    assert "central administrator" in page
    assert "zoe@mfin.example.org" in page
    assert User.objects.count() == people
    assert "_auth_user_id" not in client.session
    event = ProviderSignIn.objects.get()
    assert (event.reason, event.email, event.user) == (
        Reason.UNKNOWN_PERSON,
        "zoe@mfin.example.org",
        None,
    )


def test_a_person_deactivated_in_the_registry_is_refused(client, provider, editor):
    editor.is_active = False
    editor.save()
    provider.add_person("alice-gov", editor.email)
    response = sign_in(client, provider, "alice-gov")
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
    assert ProviderSignIn.objects.get().reason == Reason.INACTIVE_USER


def test_a_person_deactivated_at_the_provider_cannot_sign_in_again(client, provider, editor):
    provider.add_person("alice-gov", editor.email)
    provider.deactivate("alice-gov")
    response = sign_in(client, provider, "alice-gov")
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
    event = ProviderSignIn.objects.get()
    assert (event.outcome, event.reason, event.detail) == (
        Outcome.REFUSED,
        Reason.PROVIDER_ERROR,
        "access_denied",
    )


def test_the_provider_is_asked_again_and_a_session_goes_on_while_it_agrees(
    client, provider, editor, settings
):
    settings.OIDC_RECHECK_SECONDS = 0  # every page asks the provider (a refresh)
    provider.add_person("alice-gov", editor.email)
    sign_in(client, provider, "alice-gov")
    first = client.session["oidc"]["refresh_token"]
    assert client.get(reverse("workspace:home")).status_code == 200
    assert client.get(reverse("workspace:home")).status_code == 200
    assert client.session["oidc"]["refresh_token"]
    assert first  # the provider gave one, and the session keeps a valid one


def test_a_person_deactivated_at_the_provider_is_signed_out_at_the_next_check(
    client, provider, editor, settings
):
    provider.add_person("alice-gov", editor.email)
    sign_in(client, provider, "alice-gov")
    assert client.get(reverse("workspace:home")).status_code == 200
    provider.deactivate("alice-gov")
    settings.OIDC_RECHECK_SECONDS = 0
    response = client.get(reverse("workspace:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session
    event = ProviderSignIn.objects.latest("id")
    assert (event.outcome, event.reason, event.user) == (
        Outcome.ENDED,
        Reason.REFRESH_REFUSED,
        editor,
    )


def test_without_a_refresh_token_a_provider_session_ends_at_its_maximum_age(
    client, provider, editor, settings
):
    provider.add_person("alice-gov", editor.email)
    sign_in(client, provider, "alice-gov")
    session = client.session
    session["oidc"] = {**session["oidc"], "refresh_token": ""}
    session.save()
    assert client.get(reverse("workspace:home")).status_code == 200
    settings.OIDC_RECHECK_SECONDS = 0
    settings.OIDC_SESSION_MAX_AGE = 0
    assert client.get(reverse("workspace:home")).status_code == 302
    assert ProviderSignIn.objects.latest("id").reason == Reason.SESSION_AGE


def test_public_pages_do_not_ask_the_provider(client, provider, editor, settings):
    provider.add_person("alice-gov", editor.email)
    sign_in(client, provider, "alice-gov")
    provider.deactivate("alice-gov")
    settings.OIDC_RECHECK_SECONDS = 0
    assert client.get(reverse("public:directory")).status_code == 200
    assert ProviderSignIn.objects.count() == 1  # the sign-in only


@pytest.mark.parametrize(
    ("amr", "acr", "asked_for_a_code"),
    [
        (["pwd"], None, True),
        (["pwd", "mfa"], None, False),
        (["pwd"], "urn:test:loa:high", False),
        (["pwd"], "urn:test:loa:low", True),
    ],
    ids=["password only", "amr mfa", "acr high", "acr low"],
)
def test_a_second_factor_at_the_provider_stands_for_the_registrys_own(
    client, provider, reviewer, settings, amr, acr, asked_for_a_code
):
    settings.REQUIRE_STAFF_2FA = True
    settings.OIDC_TWO_FACTOR_AMR = ["mfa"]
    settings.OIDC_TWO_FACTOR_ACR = ["urn:test:loa:high"]
    provider.add_person("rita-gov", reviewer.email, amr=amr, acr=acr)
    sign_in(client, provider, "rita-gov")
    response = client.get(reverse("review:queue"))
    if asked_for_a_code:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:two-factor"))
    else:
        assert response.status_code == 200
    assert ProviderSignIn.objects.get().two_factor is not asked_for_a_code


def test_the_provider_second_factor_lasts_only_for_that_session(
    client, provider, reviewer, settings
):
    settings.REQUIRE_STAFF_2FA = True
    provider.add_person("rita-gov", reviewer.email, amr=["mfa"])
    sign_in(client, provider, "rita-gov")
    client.post(reverse("accounts:logout"))
    client.force_login(reviewer)
    assert client.get(reverse("review:queue")).status_code == 302


def test_the_audit_holds_no_token(client, provider, editor):
    provider.add_person("alice-gov", editor.email)
    sign_in(client, provider, "alice-gov")
    tokens = {client.session["oidc"]["id_token"], client.session["oidc"]["refresh_token"]}
    event = ProviderSignIn.objects.get()
    recorded = " ".join(str(getattr(event, f.attname)) for f in ProviderSignIn._meta.fields)
    assert all(token and token not in recorded for token in tokens)


def test_signing_out_also_ends_the_session_at_the_provider(client, provider, editor):
    provider.add_person("alice-gov", editor.email)
    browser = requests.Session()
    come_back(client, provider.sign_in(start(client), "alice-gov", browser))
    id_token = client.session["oidc"]["id_token"]
    response = client.post(reverse("accounts:logout"))
    assert "_auth_user_id" not in client.session
    end_session = response["Location"]
    assert end_session.startswith(f"{provider.issuer}/session/end")
    query = parse_qs(urlsplit(end_session).query)
    assert query["id_token_hint"] == [id_token]
    assert query["post_logout_redirect_uri"] == ["http://testserver/account/oidc/signed-out/"]
    back = provider.sign_out(end_session, browser)
    assert back.startswith("http://testserver/account/oidc/signed-out/")
    assert come_back(client, back)["Location"] == reverse("public:directory")
    # The provider forgot the person: a new sign-in asks who they are again.
    again = browser.get(start(client), allow_redirects=False, timeout=10)
    assert "/interaction/" in again.headers["Location"]


def test_signing_out_after_a_local_sign_in_stays_on_the_registry(client, provider, editor):
    client.force_login(editor)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert not response["Location"].startswith(provider.issuer)


def test_the_sign_in_page_offers_the_provider_when_it_is_configured(client, provider):
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Sign in with MyGov" in page
    assert reverse("oidc:start") in page


def test_without_a_provider_the_sign_in_page_is_as_before_and_its_pages_are_absent(client, db):
    page = client.get(reverse("accounts:login")).content.decode()
    assert "oidc" not in page and "provider-sign-in" not in page
    for name in ("oidc:start", "oidc:callback"):
        assert client.get(reverse(name)).status_code == 404


def test_an_unreachable_provider_gets_a_clear_page_not_an_error(client, settings, db, free_port):
    settings.OIDC_DISCOVERY_URL = f"http://127.0.0.1:{free_port}/.well-known/openid-configuration"
    settings.OIDC_CLIENT_ID = "registry"
    response = client.get(reverse("oidc:start"), headers={"accept-language": "en"})
    assert response.status_code == 503
    assert b"did not succeed" in response.content
    assert ProviderSignIn.objects.get().reason == Reason.UNREACHABLE


LOCAL = {"username": "alice@mfin.example.org", "password": PASSWORD}


def test_a_provider_only_person_cannot_sign_in_with_a_password(client, provider, editor):
    editor.provider_only = True
    editor.save()
    response = client.post(reverse("accounts:login"), LOCAL)
    assert response.status_code == 200
    assert "signs in only through MyGov" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_central_admins_can_require_the_provider_for_everyone(client, provider, editor, settings):
    settings.OIDC_REQUIRED_FOR_ALL = True
    response = client.post(reverse("accounts:login"), LOCAL)
    assert "signs in only through MyGov" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_admin_sign_in_refuses_a_provider_only_person_too(client, provider, central_admin):
    central_admin.provider_only = True
    central_admin.save()
    response = client.post(
        reverse("admin:login"), {"username": central_admin.email, "password": PASSWORD}
    )
    assert "signs in only through MyGov" in response.content.decode()


def test_without_a_provider_a_provider_only_person_keeps_their_password(client, editor, settings):
    editor.provider_only = True
    editor.save()
    assert client.post(reverse("accounts:login"), LOCAL).status_code == 302


def test_a_person_who_started_in_french_is_answered_in_french(client, provider, db):
    provider.add_person("zoe-gov", "zoe@mfin.example.org")
    callback = provider.sign_in(start(client, "/fr/account/"), "zoe-gov")
    response = come_back(client, callback)
    assert response.status_code == 403
    assert "Aucun compte pour cette adresse" in response.content.decode()
