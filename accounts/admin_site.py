from django.contrib.admin import AdminSite
from django.utils.translation import gettext_lazy as _

from accounts.access import needs_second_factor
from accounts.forms import AdminSignInForm
from accounts.roles import is_central_admin


class CentralAdminSite(AdminSite):
    """Django's admin, for the central admins only (and with their second factor when required)."""

    site_header = _("Registry of official accounts – administration")
    site_title = _("Registry – administration")
    login_form = AdminSignInForm

    def has_permission(self, request) -> bool:
        user = request.user
        return bool(user.is_active and is_central_admin(user) and not needs_second_factor(user))
