"""Deny by default: every view declares who may use it, and a view that does not is refused.

Decorate a function view with `@access(Rule.X)`, or set `access_rule = Rule.X` on a class-based
view (Django or DRF). `AccessRuleMiddleware` enforces the rule before the view runs, and refuses
(403) any resolved view without one, so a new URL cannot be reachable by accident.
Object-level scoping (which ministry's entry) is the register's own business: see
`registry.permissions`.
"""

import hmac
import logging
from collections.abc import Callable
from enum import StrEnum
from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect

from accounts.roles import is_central_admin, is_reviewer, memberships_of

log = logging.getLogger(__name__)


class Rule(StrEnum):
    PUBLIC = "public"  # anybody, signed in or not
    SIGNED_IN = "signed_in"  # any signed-in person
    MEMBER = "member"  # a person with at least one ministry membership
    REVIEWER = "reviewer"  # the central unit: reviewers and central admins
    CENTRAL_ADMIN = "central_admin"  # central admins only
    ADMIN_SITE = "admin_site"  # Django's admin, which checks central admins itself
    METRICS = "metrics"  # the monitoring's scraper: an allowed address or the metrics token


def is_member(user) -> bool:
    return bool(memberships_of(user))


def needs_second_factor(user) -> bool:
    """The person must pass TOTP in this session before their role's pages: staff roles when
    the setting asks for it, and anyone who has set up an authenticator (asked at each sign-in,
    as the two-factor page promises, whatever the setting; `make run` turns it off)."""
    is_verified = getattr(user, "is_verified", None)
    if is_verified is None or is_verified():
        return False
    if settings.REQUIRE_STAFF_2FA and is_reviewer(user):
        return True
    return has_authenticator(user)


def has_authenticator(user) -> bool:
    from django_otp.plugins.otp_totp.models import TOTPDevice  # its models load after the apps

    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


_ROLE_CHECKS: dict[Rule, Callable] = {
    Rule.SIGNED_IN: lambda user: True,
    Rule.MEMBER: is_member,
    Rule.REVIEWER: is_reviewer,
    Rule.CENTRAL_ADMIN: is_central_admin,
}


def may_read_metrics(request) -> bool:
    """The scraper: its own address (REMOTE_ADDR: a forwarded header could be forged) among
    METRICS_ALLOWED_ADDRESSES, or `Authorization: Bearer <METRICS_TOKEN>`."""
    if request.META.get("REMOTE_ADDR", "") in settings.METRICS_ALLOWED_ADDRESSES:
        return True
    token = settings.METRICS_TOKEN
    given = request.META.get("HTTP_AUTHORIZATION", "")
    return bool(token) and hmac.compare_digest(given.encode(), f"Bearer {token}".encode())


def check_rule(request, rule: Rule):
    """None when the request may go on; otherwise the response that refuses it."""
    if rule in (Rule.PUBLIC, Rule.ADMIN_SITE):
        return None
    if rule == Rule.METRICS:
        if may_read_metrics(request):
            return None
        raise Http404  # nothing to see for anyone else
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if rule != Rule.SIGNED_IN and needs_second_factor(user):
        return redirect(f"{_two_factor_url()}?next={request.get_full_path()}")
    if not _ROLE_CHECKS[rule](user):
        raise PermissionDenied
    return None


def _two_factor_url() -> str:
    from django.urls import reverse

    return reverse("accounts:two-factor")


def access(rule: Rule):
    """Declare who may use a function view; `AccessRuleMiddleware` enforces it."""

    def decorator(view):
        view.access_rule = rule
        return view

    return decorator


def declare(rule: Rule, view):
    """Declare the rule of a third-party view (Django's auth views, a feed) in a URLconf."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    wrapped.access_rule = rule
    return wrapped


def rule_of(view_func) -> Rule | None:
    for holder in (
        view_func,
        getattr(view_func, "view_class", None),
        getattr(view_func, "cls", None),
    ):
        rule = getattr(holder, "access_rule", None)
        if rule is not None:
            return Rule(rule)
    return None


class AccessRuleMiddleware:
    """Enforces each view's declared rule, and refuses any view that declares none."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is not None and match.namespace == "admin":
            return None  # the admin site checks its own access (central admins only)
        rule = rule_of(view_func)
        if rule is None:
            log.error("view without an access rule refused: %s", getattr(match, "view_name", "?"))
            raise PermissionDenied("This page declares no access rule.")
        return check_rule(request, rule)
