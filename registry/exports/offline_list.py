"""The offline list's content (/.well-known/official-accounts.json, signed by
registry.transparency.signed_list): every verified account a scanner matches a profile against,
and, in `entries`, every public entry with what the browser extension shows
(docs/offline-list.md)."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from registry.models import EntryAlias, SocialAccount, Status
from registry.verification import WATCH_DOUBTS

RESULT_OF_STATUS = {
    Status.VERIFIED: "official",
    Status.SUSPENDED: "suspended",
    Status.CLOSED: "closed",
}


def official_accounts() -> list[dict]:
    """Every verified account that the watch does not doubt, the fields a scanner needs."""
    rows = (
        SocialAccount.objects.public()
        .filter(status=Status.VERIFIED)
        .exclude(WATCH_DOUBTS)
        .order_by("platform", "handle")
        .values_list("platform", "handle", "url", "platform_account_id")
    )
    return [
        {"platform": platform, "handle": handle, "url": url, "platform_account_id": account_id}
        for platform, handle, url, account_id in rows
    ]


def offline_status(status: str, gone_since, handle_lost_at) -> str:
    """What a citizen must be told of a public entry: official, suspended, closed, gone (the
    account no longer exists on the platform) or handle_changed (the handle left the account)."""
    if status == Status.CLOSED:
        return "closed"
    if gone_since is not None:
        return "gone"
    if handle_lost_at is not None:
        return "handle_changed"
    return RESULT_OF_STATUS[status]


NAME_LANGUAGES = ("fr", "de", "en")  # the languages ministries and services are named in
NAMES = tuple(f"name_{code}" for code in NAME_LANGUAGES)


def offline_entries() -> list[dict]:
    """Every public entry (verified, suspended, closed), with its accepted aliases, permanent id,
    owner and notice: a closed or suspended account is what warns people, so it is listed too."""
    aliases: dict[int, list[str]] = {}
    for entry_id, key in (
        EntryAlias.objects.accepted()
        .filter(entry__in=SocialAccount.objects.public())
        .order_by("entry_id", "key")
        .values_list("entry_id", "key")
    ):
        aliases.setdefault(entry_id, []).append(key)
    fields = ("pk", "platform", "handle", "url", "platform_account_id", "display_name", "status")
    fields += (
        "public_notice",
        *(f"service__{f}" for f in NAMES),
        *(f"service__ministry__{f}" for f in NAMES),
    )
    fields += ("watch__gone_since", "watch__handle_lost_at")
    rows = SocialAccount.objects.public().order_by("platform", "handle", "pk").values_list(*fields)
    with translation.override(settings.LANGUAGE_CODE):  # one document, whoever asks
        page = settings.SITE_URL + reverse("public:account", args=[0]).removesuffix("0/")
    return [_offline_row(row, page, aliases) for row in rows]


def _offline_row(row: tuple, page: str, aliases: dict[int, list[str]]) -> dict:
    pk, platform, handle, url, account_id, name, status, notice = row[:8]
    service, ministry, (gone, lost) = _names(row[8:11]), _names(row[11:14]), row[14:]
    return {
        "platform": platform,
        "handle": handle,
        "url": url,
        "permanent_id": account_id,
        "aliases": aliases.get(pk, []),
        "status": offline_status(status, gone, lost),
        "notice": notice,
        "display_name": name,
        "service": service,
        "ministry": ministry,
        "page": f"{page}{pk}/",
    }


def _names(values: tuple) -> dict[str, str]:
    """A name in each language, French where a translation is missing."""
    return {code: value or values[0] for code, value in zip(NAME_LANGUAGES, values, strict=True)}
