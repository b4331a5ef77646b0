"""Atom feed of accounts newly verified, suspended or closed: one item per public entry, newest
change first; an item's id changes with the status, so a reader sees each change once.

RFC 4287 asks for an IRI as each entry's id, the same forever: a `tag:` URI (RFC 4151) under
settings.FEED_TAG_AUTHORITY, the same in every language and whatever address the site is
reached at. The publisher (settings.OPEN_DATA_PUBLISHER) is the feed's author.
"""

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from accounts.access import Rule
from accounts.text import xml_safe
from registry.models import SocialAccount, Status
from registry.notices import notice_in

FEED_SIZE = 50

_TITLES = {
    Status.VERIFIED: gettext_lazy("Official: %(name)s"),
    Status.SUSPENDED: gettext_lazy("Suspended: %(name)s"),
    Status.CLOSED: gettext_lazy("Closed: %(name)s"),
}


def changed_entries():
    return (
        SocialAccount.objects.public()
        .with_related()
        .annotate(changed=Coalesce("status_changed_at", "verified_at", "updated_at"))
        .order_by("-changed", "-pk")
    )


class WebSubAtomFeed(Atom1Feed):
    """Atom, advertising the registry's WebSub hub (`rel="hub"`) beside `rel="self"`: a reader
    subscribes there and is told of each change instead of polling."""

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        handler.addQuickElement("link", "", {"rel": "hub", "href": self.feed["hub_url"]})


class PublicChangesFeed(Feed):
    access_rule = Rule.PUBLIC
    feed_type = WebSubAtomFeed
    title = gettext_lazy("Official accounts of the government: changes")
    subtitle = gettext_lazy("Accounts newly verified, suspended or closed in the registry.")

    def link(self):
        return reverse("public:directory")

    def feed_url(self):
        # The WebSub topic: the same address whatever host the feed was read at.
        return settings.SITE_URL + reverse("public:feed")

    def feed_extra_kwargs(self, obj):
        return {"hub_url": settings.SITE_URL + reverse("websub-hub")}

    def feed_guid(self):
        return f"tag:{settings.FEED_TAG_AUTHORITY}:feed/{get_language()}"

    def author_name(self):
        return settings.OPEN_DATA_PUBLISHER

    def author_email(self):
        return settings.OPEN_DATA_CONTACT.removeprefix("mailto:")

    def items(self):
        return changed_entries()[:FEED_SIZE]

    def item_title(self, item):
        # Text stored before characters were refused may hold ones XML cannot carry.
        return xml_safe(_TITLES[item.status] % {"name": item.display_name})

    def item_description(self, item):
        text = _("%(platform)s account %(handle)s of %(service)s (%(ministry)s).") % {
            "platform": item.get_platform_display(),
            "handle": item.handle,
            "service": item.service.name,
            "ministry": item.service.ministry.name,
        }
        notice = notice_in(item) if item.status == Status.SUSPENDED else None
        if notice:  # in the feed's language, else marked with the one it is written in
            text += " " + (f"[{notice.language}] {notice.text}" if notice.foreign else notice.text)
        if item.status == Status.CLOSED:
            text += " " + _("The handle may now be used by someone else.")
        return xml_safe(text)

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        return entry_id(item.pk, item.status, item.changed)

    def item_guid_is_permalink(self, item):
        return False

    def item_pubdate(self, item):
        return item.changed

    def item_updateddate(self, item):
        return item.changed


def entry_id(pk: int, status: str, changed) -> str:
    """`tag:sip.example,2026:accounts/12/verified/20260105T101500Z` (the change's time in UTC)."""
    when = changed.astimezone(datetime.UTC)
    return f"tag:{settings.FEED_TAG_AUTHORITY}:accounts/{pk}/{status}/{when:%Y%m%dT%H%M%SZ}"
