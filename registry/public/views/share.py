"""The registry's answer where people read: embeddable badges, the list scanners download, and
the metadata that makes a shared verdict show the verdict itself.

The badge (`/badges/<id>.svg`) and `/.well-known/official-accounts.json` (signed, with its
`.sig` and `.pub`: docs/transparency.md) are contracts: other
sites embed and download them. Both read no session, set no cookie and revalidate like every
public answer (ETag under the register version), so a suspension shows on the next load.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language, to_locale
from django.utils.translation import gettext as _

from accounts.access import Rule, access
from registry.freshness.kept import depends_on
from registry.links import PLATFORMS as PLATFORM_LABELS
from registry.links import display_handle
from registry.models import SocialAccount, Status
from registry.models.register import entry_scope
from registry.transparency import keys, signed_list
from registry.verification import entry_result
from registry.web.caching import public_answer
from registry.web.context_processors import canonical_url

RESULT_OF_STATUS = {
    Status.VERIFIED: "official",
    Status.SUSPENDED: "suspended",
    Status.CLOSED: "closed",
}
BADGE_WIDTH = 320
BADGE_HEIGHT = 64


def badge_language(request) -> str:
    """The badge's language: `?lang=` when it is one of ours, else the site's default."""
    wanted = request.GET.get("lang", "")
    codes = {code for code, _label in settings.LANGUAGES}
    return wanted if wanted in codes else settings.LANGUAGE_CODE


def account_page_url(entry: SocialAccount, language: str) -> str:
    """The absolute address of an account's public page in a language (badges, rel="me")."""
    with translation.override(language):
        return settings.SITE_URL + reverse("public:account", args=[entry.pk])


@public_answer
@access(Rule.PUBLIC)
def badge(request, pk: int):
    entry = get_object_or_404(
        SocialAccount.objects.public().with_related().select_related("watch"), pk=pk
    )
    depends_on(entry_scope(entry.pk))
    context = {"entry": entry, "result": str(entry_result(entry))}
    with translation.override(badge_language(request)):
        response = render(
            request,
            "registry/public/share/badge.svg.html",
            {**context, "width": BADGE_WIDTH, "height": BADGE_HEIGHT},
            content_type="image/svg+xml; charset=utf-8",
        )
    # Other sites embed it: let them, and let no script run in it if opened on its own.
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


@public_answer
@access(Rule.PUBLIC)
def official_accounts(request):
    """The signed offline list: the exact bytes its signature covers (registry.transparency)."""
    return HttpResponse(signed_list.current().body, content_type="application/json")


@public_answer
@access(Rule.PUBLIC)
def official_accounts_signature(request):
    """The base64 Ed25519 signature over the list's exact bytes, with the log's key."""
    return HttpResponse(signed_list.current().signature + "\n", content_type="text/plain")


@public_answer
@access(Rule.PUBLIC)
def official_accounts_key(request):
    """The key that signs the list, in the C2SP vkey format (the log's key)."""
    return HttpResponse(keys.log_verifier().vkey + "\n", content_type="text/plain")


# What a shared verdict shows in a chat or a post: one card image per answer kind and language.
# "registry": the card of the lists (the directory, a ministry's page).
CARD_KINDS = ("official", "suspended", "closed", "not_registered", "registry")
# Open Graph names a locale language_TERRITORY (`fr_FR`, not `fr`): the territory of each of
# the site's languages; a language missing here gets Django's own name for it.
OG_LOCALES = {"fr": "fr_FR", "de": "de_DE", "en": "en_GB", "lb": "lb_LU"}
CARD_SIZE = (1200, 630)


def card_headline(kind: str) -> str:
    """The card's words for an answer kind, in the active language (also its alternative text)."""
    return {
        "official": _("Official account of the government"),
        "suspended": _("Suspended: do not trust this account for now"),
        "closed": _("Closed: no longer an official account"),
        "not_registered": _("Not in the registry: not an official account"),
        "registry": _("Official accounts of the government"),
    }[kind]


def og_locale(language: str) -> str:
    return OG_LOCALES.get(language) or to_locale(language)


def card_path(kind: str, language: str) -> str:
    return f"img/cards/{kind}-{language}.png"


@dataclass(frozen=True)
class ShareCard:
    """The title, description, canonical address and image of one public answer."""

    kind: str
    title: str
    description: str
    url: str

    @property
    def card(self) -> str:
        """The card drawn for this kind (a handle that changed hands is no longer official)."""
        return "closed" if self.kind in ("handle_changed", "gone") else self.kind

    @property
    def image(self) -> str:
        return settings.SITE_URL + static(card_path(self.card, get_language()))

    @property
    def image_alt(self) -> str:
        return card_headline(self.card)

    @property
    def locale(self) -> str:
        return og_locale(get_language())

    @property
    def alternate_locales(self) -> list[str]:
        current = get_language()
        return [og_locale(code) for code, _name in settings.LANGUAGES if code != current]


def directory_card(request) -> ShareCard:
    return ShareCard(
        kind="registry",
        title=_("Official accounts of the government"),
        description=_(
            "Every official social media account of the government, by ministry, service and "
            "platform, as verified by the State's press and information service."
        ),
        url=canonical_url(request),
    )


def ministry_card(ministry, request) -> ShareCard:
    description = _(
        "The official social media accounts of %(ministry)s, service by service, as verified "
        "by the State's press and information service."
    )
    return ShareCard(
        kind="registry",
        title=ministry.name,
        description=description % {"ministry": ministry.name},
        url=canonical_url(request),
    )


def account_card(entry: SocialAccount, request) -> ShareCard:
    kind = RESULT_OF_STATUS[entry.status]
    facts = {"name": entry.display_name, "platform": entry.get_platform_display()}
    titles = {
        "official": _("%(name)s (%(platform)s): official account"),
        "suspended": _("%(name)s (%(platform)s): suspended official account"),
        "closed": _("%(name)s (%(platform)s): closed, no longer official"),
    }
    return ShareCard(
        kind=kind,
        title=titles[kind] % facts,
        description=_describe(kind, entry),
        url=canonical_url(request),
    )


def verify_query(link: str) -> str:
    """The query of a verify answer's canonical address: the account's canonical link."""
    return "?" + urlencode({"url": link})


def verdict_card(verdict, link: str, request) -> ShareCard:
    """The card of a verify answer; its canonical address names the account's canonical link."""
    kind = str(verdict.result)
    handle = display_handle(verdict.platform, verdict.handle)
    platform = PLATFORM_LABELS.get(verdict.platform, verdict.platform)
    titles = {
        "official": _("%(handle)s on %(platform)s: official account"),
        "suspended": _("%(handle)s on %(platform)s: suspended official account"),
        "closed": _("%(handle)s on %(platform)s: closed, no longer official"),
        "not_registered": _("%(handle)s on %(platform)s: not in the registry"),
        "handle_changed": _("%(handle)s on %(platform)s: no longer official under this handle"),
        "gone": _("%(handle)s on %(platform)s: no longer on the platform, not official now"),
    }
    canonical = request.build_absolute_uri(request.path) + verify_query(link)
    return ShareCard(
        kind=kind,
        title=titles[kind] % {"handle": handle, "platform": _(platform)},
        description=_describe(kind, verdict.entry),
        url=canonical,
    )


def _describe(kind: str, entry: SocialAccount | None) -> str:
    if entry is None:
        return _(
            "No official account of the government is registered under this name. "
            "Do not trust it because it uses a ministry's name or logo."
        )
    facts = {"service": entry.service.name, "ministry": entry.service.ministry.name}
    return {
        "official": _("Run by %(service)s (%(ministry)s), verified by the central unit."),
        "suspended": _(
            "An account of %(service)s (%(ministry)s), suspended by the central unit: what it "
            "publishes now may not come from the government."
        ),
        "closed": _(
            "Was an account of %(service)s (%(ministry)s). The handle may now be used by "
            "someone else."
        ),
        "handle_changed": _(
            "The account of %(service)s (%(ministry)s) no longer uses this handle: someone "
            "else may take it."
        ),
        "gone": _(
            "The account of %(service)s (%(ministry)s) is no longer on the platform: someone "
            "else may take its handle."
        ),
    }[kind] % facts


def badge_snippet(entry: SocialAccount, language: str) -> str:
    """The HTML a ministry pastes into its site to show an account's badge. Its text names the
    service, not a status: the image shows the live status, the words must stay true."""
    with translation.override(language):
        return render_to_string(
            "registry/public/share/badge_snippet.html",
            {
                "entry": entry,
                "page_url": account_page_url(entry, language),
                "image_url": f"{settings.SITE_URL}/badges/{entry.pk}.svg?lang={language}",
                "width": BADGE_WIDTH,
                "height": BADGE_HEIGHT,
            },
        ).strip()


def verify_box_snippet(language: str) -> str:
    """A plain HTML form that any site can paste: it submits to our verify page."""
    with translation.override(language):
        action = settings.SITE_URL + reverse("public:verify")
        return render_to_string(
            "registry/public/share/verify_box_snippet.html",
            {"action": action, "language": language},
        ).strip()


@public_answer
@access(Rule.PUBLIC)
def embed(request):
    example = SocialAccount.objects.public().filter(status=Status.VERIFIED).order_by("pk").first()
    language = get_language()
    context = {
        "verify_box": verify_box_snippet(language),
        "example": example,
        "badge": badge_snippet(example, language) if example else "",
    }
    return render(request, "registry/public/embed.html", context)
