"""The pages of the sign-in through the identity provider: start, return (callback), sign-out.

Their addresses carry no language prefix (accounts/oidc_urls.py): the redirect URI and the
post-logout URI registered at the provider must not change with the reader's language.
"""

import requests
from authlib.integrations.base_client import MismatchingStateError, OAuthError
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import Http404
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from joserfc.errors import JoseError

from accounts import oidc
from accounts.access import Rule, access
from accounts.oidc_session import open_session

NEXT_KEY = "oidc_next"
Reason = oidc.Reason


def _require_enabled() -> None:
    if not oidc.enabled():
        raise Http404("Sign-in through an identity provider is not configured.")


def _safe_next(request, target: str) -> str:
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@never_cache
@access(Rule.PUBLIC)
def start(request):
    """Send the person to the provider (state, nonce and the PKCE challenge kept in the session)."""
    _require_enabled()
    if request.user.is_authenticated:
        return redirect(_safe_next(request, request.GET.get("next", "")))
    request.session[NEXT_KEY] = _safe_next(request, request.GET.get("next", ""))
    callback_url = request.build_absolute_uri(reverse("oidc:callback"))
    try:
        return oidc.client().authorize_redirect(request, callback_url)
    except (requests.RequestException, ValueError, RuntimeError) as error:
        oidc.record(oidc.Outcome.FAILED, reason=Reason.UNREACHABLE, detail=type(error).__name__)
        return _refused(request, Reason.UNREACHABLE, status=503)


@never_cache
@access(Rule.PUBLIC)
def callback(request):
    """The provider sends the person back here: check everything, then match, never create."""
    _require_enabled()
    # The person's pages in the language they started in (these addresses carry none).
    language = translation.get_language_from_path(request.session.get(NEXT_KEY, ""))
    if language:
        translation.activate(language)
    claims = {}
    try:
        token = _verified_token(request)
        claims = token["userinfo"]
        user = oidc.matching_user(claims)
    except oidc.SignInRefused as refusal:
        claims = refusal.claims or claims
        oidc.record(refusal.outcome, reason=refusal.reason, claims=claims, detail=refusal.detail)
        status = 403 if refusal.outcome == oidc.Outcome.REFUSED else 400
        email = claims.get(settings.OIDC_EMAIL_CLAIM)
        return _refused(request, refusal.reason, email=email, status=status)
    two_factor = oidc.two_factor_used(claims)
    next_url = request.session.pop(NEXT_KEY, "")
    open_session(request, user, token, claims, two_factor=two_factor)
    oidc.record(oidc.Outcome.SIGNED_IN, user=user, claims=claims, two_factor=two_factor)
    return redirect(_safe_next(request, next_url))


def _verified_token(request) -> dict:
    """The token response with its ID token verified (`userinfo` holds its claims)."""
    failed = oidc.Outcome.FAILED
    try:
        token = oidc.client().authorize_access_token(request)
    except MismatchingStateError as error:
        raise oidc.SignInRefused(failed, Reason.STATE) from error
    except OAuthError as error:
        # The provider refused (access_denied: not allowed to sign in) or the exchange failed.
        raise oidc.SignInRefused(
            oidc.Outcome.REFUSED if error.error == "access_denied" else failed,
            Reason.PROVIDER_ERROR,
            detail=error.error,
        ) from error
    except JoseError as error:
        reason = oidc.reason_of_token_error(error)
        raise oidc.SignInRefused(failed, reason, detail=error.error) from error
    except (requests.RequestException, ValueError) as error:
        raise oidc.SignInRefused(failed, Reason.UNREACHABLE, detail=type(error).__name__) from error
    if "userinfo" not in token:  # no ID token in the answer: nothing verified, nobody signed in
        raise oidc.SignInRefused(failed, Reason.INVALID_TOKEN, detail="no id_token")
    return token


def _refused(request, reason: str, *, status: int, email=None):
    title, message = _explanation(reason)
    context = {
        "title": title,
        "message": message,
        "email": email if isinstance(email, str) else "",
        "provider": oidc.provider_name(),
        "unknown_person": reason == Reason.UNKNOWN_PERSON,
    }
    return render(request, "accounts/oidc_refused.html", context, status=status)


def _explanation(reason: str) -> tuple[str, str]:
    provider = oidc.provider_name()
    if reason == Reason.UNKNOWN_PERSON:
        return _("No account for this address"), _(
            "%(provider)s confirmed who you are, but the registry has no account with your "
            "e-mail address. Signing in does not create accounts: ask your ministry's "
            "administrator to invite you, or, for the central unit, a central administrator."
        ) % {"provider": provider}
    if reason == Reason.INACTIVE_USER:
        return _("Your account is deactivated"), _(
            "Your account in the registry is deactivated. Ask your ministry's administrator or "
            "the central unit to reactivate it."
        )
    if reason == Reason.UNVERIFIED_EMAIL:
        return _("Your e-mail address is not verified"), _(
            "%(provider)s has not verified your e-mail address, so the registry cannot match it "
            "to an account. Verify it with %(provider)s, then sign in again."
        ) % {"provider": provider}
    return _("Sign-in did not succeed"), _(
        "Signing in through %(provider)s did not succeed. Start again from the sign-in page; "
        "if it happens again, tell the central unit."
    ) % {"provider": provider}


@access(Rule.PUBLIC)
def sign_out(request):
    """Django's sign-out; after a sign-in through the provider, the provider's session ends too."""
    state = request.session.get(oidc.SESSION_KEY) if request.method == "POST" else None
    response = auth_views.LogoutView.as_view()(request)
    if not state or not oidc.enabled() or response.status_code != 302:
        return response
    return redirect(_end_session_url(request, state) or response.url)


def _end_session_url(request, state: dict) -> str:
    """The provider's end-session address (RP-initiated logout), or "" if it has none."""
    try:
        return oidc.client().create_logout_url(
            post_logout_redirect_uri=request.build_absolute_uri(reverse("oidc:signed-out")),
            id_token_hint=state.get("id_token") or None,
            client_id=settings.OIDC_CLIENT_ID,
        )["url"]
    except (requests.RequestException, ValueError, RuntimeError):
        return ""  # no end_session_endpoint, or unreachable: the registry's own sign-out stands


@access(Rule.PUBLIC)
def signed_out(request):
    """Where the provider sends the person back after its own sign-out."""
    return redirect(settings.LOGOUT_REDIRECT_URL)
