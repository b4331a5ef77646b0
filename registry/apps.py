from django.apps import AppConfig
from django.core.signals import request_finished, request_started
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = _("Official accounts register")

    def ready(self):
        from registry import caching, checks, search  # noqa: F401  (search: SQLite learns to fold)

        # The register version is read once per request (registry.caching.register_version).
        request_started.connect(caching.start_request, dispatch_uid="registry.version.start")
        request_finished.connect(caching.end_request, dispatch_uid="registry.version.end")
