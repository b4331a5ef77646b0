"""A session opened through the identity provider: kept only while the provider still agrees.

On sign-in the session remembers the user, the ID token (for the sign-out hint), the refresh
token, whether the provider used a second factor, and when the provider last vouched for the
person. Every OIDC_RECHECK_SECONDS the middleware asks the provider again with the refresh token:
a refusal (the person was deactivated there) ends the session at once. A provider that issued no
refresh token cannot be asked: such a session ends OIDC_SESSION_MAX_AGE after sign-in.
Public pages are left alone (they show nothing private, and must not vary on the cookie).
"""

import time

import requests
from authlib.integrations.base_client import OAuthError
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.views import redirect_to_login
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from accounts import oidc
from accounts.access import Rule, rule_of

LOCAL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def open_session(request, user, token: dict, claims, *, two_factor: bool) -> None:
    """Sign the person in and keep what the re-checks and the sign-out need."""
    login(request, user, backend=LOCAL_BACKEND)
    now = int(time.time())
    request.session[oidc.SESSION_KEY] = {
        "user": user.pk,
        "id_token": token.get("id_token", ""),
        "refresh_token": token.get("refresh_token", ""),
        "two_factor": two_factor,
        "signed_in_at": now,
        "checked_at": now,
    }


def still_allowed(request, state: dict) -> tuple[bool, str]:
    """Whether the provider still vouches for this session's person; the audit's reason if not."""
    now = int(time.time())
    if now - state["checked_at"] < settings.OIDC_RECHECK_SECONDS:
        return True, ""
    if not state.get("refresh_token"):
        if now - state["signed_in_at"] < settings.OIDC_SESSION_MAX_AGE:
            return True, ""
        return False, oidc.Reason.SESSION_AGE
    try:
        token = oidc.client().fetch_access_token(
            grant_type="refresh_token", refresh_token=state["refresh_token"]
        )
    except (OAuthError, requests.RequestException, ValueError) as error:
        # Refused or unreachable: either way the provider no longer vouches for the person.
        request.oidc_detail = getattr(error, "error", "") or type(error).__name__
        return False, oidc.Reason.REFRESH_REFUSED
    state["refresh_token"] = token.get("refresh_token") or state["refresh_token"]
    state["id_token"] = token.get("id_token") or state["id_token"]
    state["checked_at"] = now
    request.session[oidc.SESSION_KEY] = state
    return True, ""


def _verified_by_provider(user):
    user.is_verified = lambda: True  # the provider's second factor stands for our TOTP step
    return user


class ProviderSessionMiddleware:
    """Re-checks provider sessions on each non-public page; honours the provider's second factor."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not oidc.enabled() or rule_of(view_func) == Rule.PUBLIC:
            return None
        state = request.session.get(oidc.SESSION_KEY)
        if not state:
            return None
        user = request.user
        if not user.is_authenticated or state.get("user") != user.pk:
            del request.session[oidc.SESSION_KEY]  # left over from another person's sign-in
            return None
        allowed, reason = still_allowed(request, state)
        if not allowed:
            return self.end(request, user, reason)
        if state.get("two_factor"):
            request.user = SimpleLazyObject(lambda: _verified_by_provider(user))
        return None

    @staticmethod
    def end(request, user, reason: str):
        detail = getattr(request, "oidc_detail", "")
        oidc.record(oidc.Outcome.ENDED, reason=reason, user=user, detail=detail)
        logout(request)
        messages.info(request, _("Your session has ended: please sign in again."))
        return redirect_to_login(request.get_full_path())
