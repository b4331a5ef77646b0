from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class PushConfig(AppConfig):
    default = True
    name = "registry.push"
    label = "push"  # its tables and migrations keep the name they were made with
    verbose_name = pgettext_lazy("push", "Push: webhooks and WebSub")
