import logging
import re
from functools import wraps

from django.contrib.admin import AdminSite
from django.core.exceptions import FieldError, ValidationError
from django.db import DataError
from django.http import HttpResponseBadRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.access import needs_second_factor
from accounts.forms import AdminSignInForm
from accounts.roles import is_central_admin
from accounts.text import forbidden_character


class CentralAdminSite(AdminSite):
    """Django's admin, for the central admins only (and with their second factor when required)."""

    site_header = _("Registry of official accounts – administration")
    site_title = _("Registry – administration")
    login_form = AdminSignInForm

    def has_permission(self, request) -> bool:
        user = request.user
        return bool(user.is_active and is_central_admin(user) and not needs_second_factor(user))

    def admin_view(self, view, cacheable=False):
        """Every admin page answers a hostile query string (a NUL, a year of 22 digits, a
        lookup that does not exist) with its page or a 400, never a 500."""
        return super().admin_view(_refusing_hostile_parameters(view), cacheable)


log = logging.getLogger(__name__)
# What a hostile filter value raises while the change list is counted or rendered.
_HOSTILE_VALUE_ERRORS = (ValueError, OverflowError, DataError, ValidationError, FieldError)


def _valid_patterns(name: str, values: list[str]) -> bool:
    """A `__regex` filter's pattern is checked here, the same way whatever the database: an
    invalid one is a DataError on PostgreSQL, an OperationalError from SQLite's REGEXP."""
    if not name.endswith(("__regex", "__iregex")):
        return True
    try:
        for value in values:
            re.compile(value)
    except (re.error, RecursionError, OverflowError):
        return False
    return True


def _refusing_hostile_parameters(view):
    @wraps(view)
    def guarded(request, *args, **kwargs):
        for name, value in request.GET.lists():
            if any(forbidden_character(text, multiline=False) for text in (name, *value)):
                return HttpResponseBadRequest(
                    gettext("A query parameter holds a control character.")
                )
        if not all(_valid_patterns(name, value) for name, value in request.GET.lists()):
            return HttpResponseBadRequest(gettext("A query parameter is not valid here."))
        try:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()  # the change list's queries run here: inside the guard
        except _HOSTILE_VALUE_ERRORS as exc:
            if request.method != "GET" or not request.GET:
                raise
            log.warning("admin %s refused a query string: %r", request.path, exc)
            return HttpResponseBadRequest(gettext("A query parameter is not valid here."))
        return response

    return guarded
