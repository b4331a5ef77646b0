from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class OutboxConfig(AppConfig):
    default = True
    name = "outbox"
    verbose_name = pgettext_lazy("outbox", "Outgoing e-mail")
