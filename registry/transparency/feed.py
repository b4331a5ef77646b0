"""The log as an Atom feed: its latest entries, newest first, for a newsroom's reader. Each
item's content is the leaf itself, so a reader can check it against the log."""

import json

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.access import Rule
from registry.models import LogEntry, PublicChange

FEED_SIZE = 100


class LogFeed(Feed):
    access_rule = Rule.PUBLIC
    feed_type = Atom1Feed
    title = gettext_lazy("Official accounts of the government: public log")
    subtitle = gettext_lazy("Every change to what the registry publishes, as logged.")

    def link(self):
        return reverse("transparency:feed")

    def feed_url(self):  # rel="self", as RFC 4287 asks
        return reverse("transparency:feed")

    def feed_guid(self):
        return f"tag:{settings.FEED_TAG_AUTHORITY}:transparency/log"

    def author_name(self):
        return settings.OPEN_DATA_PUBLISHER

    def items(self):
        return LogEntry.objects.order_by("-index")[:FEED_SIZE]

    def item_title(self, item: LogEntry) -> str:
        facts = json.loads(bytes(item.leaf))
        return _("%(kind)s: %(handle)s on %(platform)s (%(ministry)s)") % {
            "kind": PublicChange(facts["kind"]).label,
            "handle": facts["handle"],
            "platform": facts["platform"],
            "ministry": facts["ministry"],
        }

    def item_description(self, item: LogEntry) -> str:
        return bytes(item.leaf).decode()

    def item_link(self, item: LogEntry) -> str:
        return f"{reverse('transparency:entries')}?start={item.index}&end={item.index + 1}"

    def item_guid(self, item: LogEntry) -> str:
        return f"tag:{settings.FEED_TAG_AUTHORITY}:transparency/log/{item.index}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: LogEntry):
        return item.created_at

    def item_updateddate(self, item: LogEntry):
        return item.created_at
