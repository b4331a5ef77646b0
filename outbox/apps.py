from django.apps import AppConfig


class OutboxConfig(AppConfig):
    default = True
    name = "outbox"
    verbose_name = "Outgoing e-mail"
