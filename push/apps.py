from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class PushConfig(AppConfig):
    default = True
    name = "push"
    verbose_name = pgettext_lazy("push", "Push: webhooks and WebSub")
