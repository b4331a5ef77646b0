"""`manage.py check --deploy`: the public log needs a signing key outside debug."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def signing_key_configured(app_configs, **kwargs):
    if (
        settings.DEBUG
        or settings.TRANSPARENCY_SIGNING_KEY
        or settings.TRANSPARENCY_SIGNING_KEY_FILE
    ):
        return []
    return [
        checks.Error(
            "The public log has no signing key.",
            hint="Set TRANSPARENCY_SIGNING_KEY_FILE (or TRANSPARENCY_SIGNING_KEY): "
            "docs/transparency.md.",
            id="registry.E030",
        )
    ]
