"""The unaccent extension, so the directory search ignores accents on PostgreSQL.

`UnaccentExtension` does nothing on SQLite (`make run`), where the search falls back to a
case-insensitive match (registry.public.filters.search_entries).
"""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_seed_checklist")]

    operations = [UnaccentExtension()]
