"""Sign-in through the State's identity provider (OpenID Connect): the rules, without the pages.

Authlib's Django client does the protocol: the authorization code flow with PKCE (S256), `state`
and `nonce` kept in the session and checked on return, the ID token's signature checked against
the provider's published keys and its claims (issuer, audience, expiry, nonce) validated, and
RP-initiated logout. What is ours: people are matched, never created (a verified e-mail address
naming an active user), the provider's second factor is honoured, and every sign-in, failure and
refusal is recorded (`ProviderSignIn`), never with a token.

Everything comes from settings (OIDC_*, see registry/settings.py); with no provider configured,
`enabled()` is false and nothing here is used.
"""

import functools
import logging

from authlib.integrations.django_client import OAuth
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from joserfc import errors as jose_errors

from accounts.models import ProviderSignIn, User

log = logging.getLogger(__name__)

Outcome = ProviderSignIn.Outcome
Reason = ProviderSignIn.Reason
# What the session keeps about a sign-in through the provider (tokens stay out of the audit).
SESSION_KEY = "oidc"


class SignInRefused(Exception):
    """The provider's answer does not let this person in: why, and what they told us."""

    def __init__(self, outcome: str, reason: str, *, detail: str = "", claims=None):
        super().__init__(reason)
        self.outcome, self.reason, self.detail = outcome, reason, detail
        self.claims = claims or {}


def enabled() -> bool:
    return bool(settings.OIDC_DISCOVERY_URL and settings.OIDC_CLIENT_ID)


def provider_name() -> str:
    return settings.OIDC_PROVIDER_NAME or str(_("the State's sign-in service"))


def client():
    """Authlib's client for the configured provider (its discovery document read once)."""
    return _client(
        settings.OIDC_DISCOVERY_URL,
        settings.OIDC_CLIENT_ID,
        settings.OIDC_CLIENT_SECRET,
        settings.OIDC_SCOPES,
        settings.OIDC_TIMEOUT,
    )


@functools.lru_cache(maxsize=4)
def _client(discovery_url: str, client_id: str, secret: str, scopes: str, timeout: int):
    kwargs = {"scope": scopes, "code_challenge_method": "S256", "default_timeout": timeout}
    if not secret:
        kwargs["token_endpoint_auth_method"] = "none"  # noqa: S105 -- a method, not a secret
    return OAuth().register(
        "provider",
        client_id=client_id,
        client_secret=secret or None,
        server_metadata_url=discovery_url,
        client_kwargs=kwargs,
    )


def reason_of_token_error(error: Exception) -> str:
    """Which check an ID token failed, in the audit's words."""
    claim = getattr(error, "claim", "")
    if isinstance(error, jose_errors.ExpiredTokenError) or claim == "exp":
        return Reason.EXPIRED
    return {"nonce": Reason.NONCE, "aud": Reason.AUDIENCE, "azp": Reason.AUDIENCE}.get(
        claim, Reason.INVALID_TOKEN
    )


def two_factor_used(claims) -> bool:
    """The ID token says a second factor was used: an `amr` or `acr` value the settings name."""
    amr = claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    if set(amr) & set(settings.OIDC_TWO_FACTOR_AMR):
        return True
    return claims.get("acr") in set(settings.OIDC_TWO_FACTOR_ACR)


def matching_user(claims) -> User:
    """The active user whose e-mail address the provider vouches for; refused otherwise."""
    email = claims.get(settings.OIDC_EMAIL_CLAIM)
    if not isinstance(email, str) or not email.strip():
        raise SignInRefused(Outcome.REFUSED, Reason.UNVERIFIED_EMAIL, detail="no e-mail claim")
    if claims.get("email_verified") is not True:
        raise SignInRefused(Outcome.REFUSED, Reason.UNVERIFIED_EMAIL)
    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise SignInRefused(Outcome.REFUSED, Reason.UNKNOWN_PERSON)
    if not user.is_active:
        raise SignInRefused(Outcome.REFUSED, Reason.INACTIVE_USER)
    return user


def record(
    outcome: str, *, reason: str = Reason.NONE, user=None, claims=None, detail="", two_factor=False
):
    """One line of the people audit: who (as the provider named them), what, why; no token."""
    claims = claims or {}
    email = claims.get(settings.OIDC_EMAIL_CLAIM)
    return ProviderSignIn.objects.create(
        user=user,
        email=(email if isinstance(email, str) else "")[:254] or (user.email if user else ""),
        subject=str(claims.get("sub") or "")[:255],
        outcome=outcome,
        reason=reason,
        detail=str(detail)[:200],
        two_factor=two_factor,
    )


def must_use_provider(user) -> bool:
    """No local password works for this person: the provider is on and they (or all) must use it."""
    return enabled() and (settings.OIDC_REQUIRED_FOR_ALL or getattr(user, "provider_only", False))


class ProviderOnlyRefused:
    """For a sign-in form: a person who must use the provider is refused, and told how to sign in.

    Checked once the password was right, so the message tells a stranger nothing about accounts.
    """

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if must_use_provider(user):
            raise ValidationError(
                _("This account signs in only through %(provider)s.")
                % {"provider": provider_name()},
                code="provider_only",
            )
