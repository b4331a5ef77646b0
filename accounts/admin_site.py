from django.contrib.admin import AdminSite

from accounts.access import needs_second_factor
from accounts.forms import AdminSignInForm
from accounts.roles import is_central_admin


class CentralAdminSite(AdminSite):
    """Django's admin, for the central admins only (and with their second factor when required)."""

    site_header = "Registre des comptes officiels – administration"
    site_title = "Registre – administration"
    login_form = AdminSignInForm

    def has_permission(self, request) -> bool:
        user = request.user
        return bool(user.is_active and is_central_admin(user) and not needs_second_factor(user))
