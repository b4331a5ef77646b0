"""Telling people that a subscriber fails: its owner (if the central admin gave an address) and
the central admins, through the outbox, in the transaction that marks it failing."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from django.utils.translation import pgettext

from accounts.roles import CENTRAL_ADMINS
from outbox.tasks import queue_email
from registry.push.models import Subscriber


def subscriber_failing(subscriber: Subscriber, answer: str) -> None:
    readers = {subscriber.owner_email: settings.LANGUAGE_CODE} if subscriber.owner_email else {}
    admins = get_user_model().objects.filter(is_active=True, groups__name=CENTRAL_ADMINS)
    for user in admins.distinct():
        readers.setdefault(user.email, user.language or settings.LANGUAGE_CODE)
    since = subscriber.failing_since or subscriber.created_at
    for address, language in sorted(readers.items()):
        with translation.override(language):
            queue_email(
                key=f"push:{subscriber.pk}:failing:{since:%Y%m%dT%H%M%S}:{address}",
                to=address,
                subject=pgettext("push", "Deliveries to %(name)s are failing")
                % {"name": subscriber.name},
                body=_body(subscriber, answer),
                language=language,
            )


def _body(subscriber: Subscriber, answer: str) -> str:
    link = settings.SITE_URL + reverse("admin:push_subscriber_change", args=[subscriber.pk])
    return pgettext(
        "push",
        "The registry could not deliver its public changes to %(url)s after its last try.\n"
        "Last answer: %(answer)s\n\n"
        "Deliveries to this address are paused and kept. Once the address answers again, a "
        "central admin resumes them (and can replay any range of changes) here:\n%(link)s\n",
    ) % {"url": subscriber.url, "answer": answer, "link": link}
