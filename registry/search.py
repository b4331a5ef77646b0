"""How text is matched in every search of the register: the public directory, the API's `q`,
the workspace register and the review queue all call `search_entries`.

Every word of the query is found in an entry's name or handle, or in the names of its service
or ministry, whatever the case and the accents (`defense` finds "Défense", `éducation` finds
"ÉDUCATION"), on PostgreSQL and on SQLite (`make run`) alike.

Both sides of a comparison go through `registry_fold(text)`: the text unaccented, in upper case.
On PostgreSQL it is the SQL function of migration 0005, whose trigram indexes find "santé" in
100,000 names without reading them all; on SQLite it is `fold`, registered on each connection.
Services and ministries are few: the ones a word names are looked up first, and their entries
found by `service_id`.
"""

import unicodedata

from django.db.backends.signals import connection_created
from django.db.models import Func, Q, TextField, Value
from django.db.models.lookups import Contains

from accounts.models import Service

MAX_WORDS = 8
ENTRY_FIELDS = ("display_name", "handle")
SERVICE_FIELDS = (
    "name_fr",
    "name_de",
    "name_en",
    "short_name",
    "ministry__name_fr",
    "ministry__name_de",
    "ministry__name_en",
    "ministry__short_name",
)


class Fold(Func):
    """`registry_fold(text)`: the text unaccented and in upper case, as the indexes hold it."""

    function = "registry_fold"
    output_field = TextField()


class Unindexed(Func):
    """The same text in a form that no index holds (same value, same collation, same order)."""

    template = "(%(expressions)s || '')"


def fold(text: str | None) -> str | None:
    """`registry_fold` in Python, for SQLite: the text without its accents, in upper case."""
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).upper()


def teach_sqlite_to_fold(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("registry_fold", 1, fold, deterministic=True)


connection_created.connect(teach_sqlite_to_fold, dispatch_uid="registry.search.fold")


def cleaned(text: str) -> str:
    """The query as searched: outer spaces and a handle's leading @ dropped."""
    return (text or "").strip().lstrip("@")


def words_of(text: str) -> list[str]:
    """The words searched for: at most MAX_WORDS, a handle's leading @ dropped."""
    return [w for w in (cleaned(word) for word in text.split()[:MAX_WORDS]) if w]


def search_entries(queryset, text: str):
    """`queryset` narrowed to the entries that contain every word of `text`."""
    for word in words_of(text):
        queryset = queryset.filter(_entry_matches(word, queryset.db))
    return queryset


def _folded_contains(fields, text: str) -> Q:
    matches = Q()
    for field in fields:
        matches |= Q(Contains(Fold(field), Fold(Value(text))))
    return matches


def _entry_matches(word: str, using: str) -> Q:
    # A list, not a subquery: PostgreSQL then combines the index on service_id with the
    # trigram indexes (a subquery would make it read every entry).
    named = Service.objects.using(using).filter(_folded_contains(SERVICE_FIELDS, word))
    services = list(named.values_list("pk", flat=True))
    return Q(service_id__in=services) | _folded_contains(ENTRY_FIELDS, word)
