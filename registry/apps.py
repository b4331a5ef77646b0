from django.apps import AppConfig
from django.core.signals import request_finished, request_started
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = _("Official accounts register")

    def ready(self):
        from registry import checks, search  # noqa: F401  (deploy checks; SQLite learns to fold)
        from registry.freshness import kept
        from registry.transparency import checks as log_checks  # noqa: F401  (its deploy check)

        # The register version is read once per request (registry.freshness.kept).
        request_started.connect(kept.start_request, dispatch_uid="registry.version.start")
        request_finished.connect(kept.end_request, dispatch_uid="registry.version.end")
