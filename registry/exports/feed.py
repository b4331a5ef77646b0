"""Atom feed of accounts newly verified, suspended or closed: one item per public entry, newest
change first; an item's id changes with the status, so a reader sees each change once."""

from django.contrib.syndication.views import Feed
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.access import Rule
from accounts.text import xml_safe
from registry.models import SocialAccount, Status

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


class PublicChangesFeed(Feed):
    access_rule = Rule.PUBLIC
    feed_type = Atom1Feed
    title = gettext_lazy("Official accounts of the government: changes")
    subtitle = gettext_lazy("Accounts newly verified, suspended or closed in the registry.")

    def link(self):
        return reverse("public:directory")

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
        if item.status == Status.SUSPENDED and item.public_notice:
            text += " " + item.public_notice
        if item.status == Status.CLOSED:
            text += " " + _("The handle may now be used by someone else.")
        return xml_safe(text)

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        return f"{item.get_absolute_url()}#{item.status}-{item.changed:%Y%m%dT%H%M%S}"

    def item_guid_is_permalink(self, item):
        return False

    def item_pubdate(self, item):
        return item.changed

    def item_updateddate(self, item):
        return item.changed
