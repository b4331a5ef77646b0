from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default = True
    name = "accounts"
    verbose_name = _("People and organisations")

    def ready(self) -> None:
        from accounts.roles import sync_central_groups
        from accounts.wording import name_the_second_factor

        name_the_second_factor()

        # Groups are derived from one declarative mapping, re-synced after every migrate.
        post_migrate.connect(sync_central_groups, dispatch_uid="accounts.sync_central_groups")


class CentralAdminConfig(admin_apps.AdminConfig):
    """Django's admin, on a site that only central admins may use."""

    default = False
    default_site = "accounts.admin_site.CentralAdminSite"
