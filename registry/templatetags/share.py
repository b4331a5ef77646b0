"""The staff entry page's "on the platforms" box: what a ministry puts where, so that the
platforms and its own sites show the registry's answer."""

from django import template
from django.conf import settings

from registry.exports import bluesky_verifier
from registry.models import PUBLIC_STATUSES, BlueskyVerification, SocialAccount, Status
from registry.public.views.share import account_page_url, badge_snippet

register = template.Library()


@register.inclusion_tag("registry/workspace/_on_platforms.html")
def on_platforms(entry: SocialAccount) -> dict:
    language = entry.ministry.language
    public = entry.status in PUBLIC_STATUSES
    return {
        "entry": entry,
        "language": language,
        "public": public,
        "verified": entry.status == Status.VERIFIED,
        "fediverse": entry.platform == "mastodon",
        "page_url": account_page_url(entry, language) if public else "",
        "badge": badge_snippet(entry, language) if public else "",
        "bluesky": entry.platform == "bluesky" and bluesky_verifier.configured(),
        "bluesky_record": BlueskyVerification.objects.filter(entry=entry).first(),
        "has_did": entry.platform_account_id.startswith("did:"),
        "link_back": link_back_seen(entry) if entry.platform == "mastodon" else None,
    }


def link_back_seen(entry: SocialAccount) -> dict | None:
    """What the watch's last read of a fediverse profile says: does the platform show a link
    to the entry's registry page (in any language) as verified? None before any read."""
    state = getattr(entry, "watch", None)
    if state is None or not state.last_checked_at or not state.last_seen:
        return None
    pages = {account_page_url(entry, code) for code, _name in settings.LANGUAGES}
    shown = set(state.last_seen.get("verified_links") or ())
    return {"verified": bool(pages & shown), "checked_at": state.last_checked_at}
