"""Trigram indexes for the directory search, so it stays fast on a large register (PostgreSQL).

The search matches a word anywhere in an entry's name or handle, whatever its case and accents.
`registry_fold(text)` is that comparison's form of a text (unaccented, upper case); it is
declared IMMUTABLE so that it can be indexed, which `unaccent()` alone is not (its dictionary
could change; ours is named, so it cannot). `registry.search.Fold` calls it.

On SQLite (`make run`) nothing is created: registry.search registers the same function (in
Python) on each connection.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

FOLD_FUNCTION = """
CREATE OR REPLACE FUNCTION registry_fold(text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT upper(public.unaccent('public.unaccent'::regdictionary, $1)) $$
"""

INDEXED_FIELDS = {"entry_name_search": "display_name", "entry_handle_search": "handle"}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FOLD_FUNCTION)
    for name, field in INDEXED_FIELDS.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON registry_socialaccount "
            f"USING gin (registry_fold({field}) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXED_FIELDS:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    schema_editor.execute("DROP FUNCTION IF EXISTS registry_fold(text)")


class Migration(migrations.Migration):
    dependencies = [("registry", "0004_perf_indexes")]

    operations = [TrigramExtension(), migrations.RunPython(create, drop)]
