"""The watch's part of the demo: three accounts whose watch history tells a story, no network.

- a closed Bluesky handle, gone from the platform, then registered by someone else (takeover);
- a GitHub organisation renamed, and the new name accepted by the central unit;
- a Telegram channel gone for over a week: its ministry was asked to close the entry.

What the platforms "answered" is written here; it goes through the watch's own recording
(`registry.watch.service.record`), so findings, queue items and suspensions are the real ones.
"""

import datetime

from django.conf import settings
from django.utils import timezone

from registry import workflow
from registry.demo.accounts import DemoEntry
from registry.demo.story import REVIEWER, closed, verified
from registry.models import Move, SocialAccount, WatchState
from registry.watch.platforms import Seen
from registry.watch.service import record

E = DemoEntry
OFFICIAL = "Compte officiel du gouvernement luxembourgeois."
OLD_DID = "did:plc:q4vx3rthm2kzb7w5jf6nd4ce"

WATCH_ENTRIES = [
    E(
        "sante-communication",
        "https://bsky.app/profile/vaccination-lux.bsky.social",
        "Campagne vaccination",
        ("lb", "fr"),
        "Informer sur la campagne de vaccination.",
        closed(420, 120, "Fin de la campagne de vaccination."),
        account_id=OLD_DID,
    ),
    E(
        "sip",
        "https://github.com/gouvlu-data",
        "Gouvernement – données ouvertes",
        ("fr", "en"),
        "Publier le code et les jeux de données ouverts du gouvernement.",
        verified(200),
        account_id="81234567",
    ),
    E(
        "sip",
        "https://t.me/gouvlu_alertes",
        "Gouvernement – alertes",
        ("lb", "fr", "de"),
        "Relayer les alertes de la protection civile.",
        verified(250),
    ),
]


def _at(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days, hours=2)


def _look(entry: SocialAccount, days: int, by_handle: Seen, by_id: Seen | None = None) -> None:
    """What the watch read `days` ago: as many consistent reads as it takes to confirm."""
    state, _created = WatchState.objects.get_or_create(entry=entry)
    spacing = datetime.timedelta(seconds=settings.WATCH_CONFIRM_SECONDS)
    for read in range(settings.WATCH_CONFIRM_READS):
        entry.refresh_from_db()
        record(entry, state, by_handle, by_id, at=_at(days) + read * spacing)


def _takeover_of_a_closed_handle(entry: SocialAccount) -> None:
    mine = Seen(True, OLD_DID, entry.handle, "Campagne vaccination", OFFICIAL)
    _look(entry, 130, mine)
    _look(entry, 90, Seen(False), Seen(False))
    impostor = Seen(
        True, "did:plc:zimpostor7ab3cd5efghjklm", entry.handle, "Vaccins – la vérité", ""
    )
    _look(entry, 12, impostor, Seen(False))


def _rename_accepted(entry: SocialAccount, people: dict) -> None:
    before = Seen(True, "81234567", "gouvlu-data", "Gouvernement – données ouvertes", OFFICIAL)
    _look(entry, 60, before)
    renamed = Seen(True, "81234567", "gouvlu-opendata", "Gouvernement – données ouvertes", OFFICIAL)
    _look(entry, 30, Seen(False), renamed)
    entry.refresh_from_db()
    workflow.apply(
        entry, Move.ACCEPT_HANDLE, by=people[REVIEWER], version=entry.version, at=_at(29)
    )
    entry.refresh_from_db()
    _look(entry, 1, renamed)


def _gone(entry: SocialAccount) -> None:
    _look(entry, 40, Seen(True, "", entry.handle, "Gouvernement – alertes", OFFICIAL))
    for days in (10, 9, 3, 2, 1):
        _look(entry, days, Seen(False))


def play_watch(entry: SocialAccount, number: int, people: dict) -> None:
    """The watch history of WATCH_ENTRIES[number], once the entry's review story is played."""
    if number == 0:
        _takeover_of_a_closed_handle(entry)
    elif number == 1:
        _rename_accepted(entry, people)
    else:
        _gone(entry)


def already_seeded(item: DemoEntry) -> bool:
    """After its rename, the GitHub entry answers under its new name: look for both."""
    if not item.account_id:
        return False
    return SocialAccount.objects.filter(platform_account_id=item.account_id).exists()
