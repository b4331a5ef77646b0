"""schema.org JSON-LD: a ministry is a `GovernmentOrganization` whose `sameAs` lists its verified
accounts; an account's page says which service and ministry own it. Search engines and
platforms read it from the public pages; a ministry publishes the same block on its own site
(the snippet on its staff page), so both sides of the link say the same thing."""

import json

from django.conf import settings
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from accounts.models import Ministry
from registry.models import SocialAccount, Status

MAX_SAME_AS = 500  # a ministry with more verified accounts lists its first ones by platform


def ministry_data(ministry: Ministry) -> dict:
    page = settings.SITE_URL + reverse("public:ministry", kwargs={"slug": ministry.slug})
    same_as = (
        SocialAccount.objects.public()
        .filter(status=Status.VERIFIED, service__ministry=ministry)
        .order_by("platform", "handle")
        .values_list("url", flat=True)[:MAX_SAME_AS]
    )
    return {
        "@context": "https://schema.org",
        "@type": "GovernmentOrganization",
        "@id": f"{page}#organization",
        "name": ministry.name,
        "alternateName": ministry.short_name,
        "url": ministry.website or page,
        "subjectOf": page,
        "sameAs": list(same_as),
    }


def account_data(entry: SocialAccount) -> dict:
    """The account's owner: its service, part of its ministry; `sameAs` while it is official."""
    ministry = entry.service.ministry
    ministry_page = settings.SITE_URL + reverse("public:ministry", kwargs={"slug": ministry.slug})
    owner = {
        "@type": "GovernmentOrganization",
        "name": entry.service.name,
        "parentOrganization": {
            "@type": "GovernmentOrganization",
            "@id": f"{ministry_page}#organization",
            "name": ministry.name,
            "url": ministry.website or ministry_page,
        },
    }
    if entry.status == Status.VERIFIED:
        owner["sameAs"] = [entry.url]
    return {
        "@context": "https://schema.org",
        "@type": "WebPage",
        "url": settings.SITE_URL + reverse("public:account", args=[entry.pk]),
        "name": entry.display_name,
        "about": owner,
    }


def as_text(data: dict) -> str:
    """JSON that can sit inside a <script> element: no `<`, `>` or `&` left as such."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def script(data: dict) -> SafeString:
    return mark_safe(f'<script type="application/ld+json">{as_text(data)}</script>')  # noqa: S308 - escaped above
