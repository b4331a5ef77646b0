"""Indexes for the public reads at scale (checked with EXPLAIN ANALYZE on 100,000 accounts).

- entry_name_order: the directory's and the API's order (display_name, id): PostgreSQL walks
  the index and stops after a page instead of sorting every public entry.
- entry_platform_name_order: the same order within one platform (`?platform=` of both).
- entry_changed_order: the public feed's order, newest change first.
The verify lookup uses entry_identity (platform, handle), from 0001.
"""

from django.db import migrations, models
from django.db.models.functions import Coalesce


class Migration(migrations.Migration):
    dependencies = [("registry", "0003_public_unaccent")]

    operations = [
        migrations.AddIndex(
            model_name="socialaccount",
            index=models.Index(fields=["display_name", "id"], name="entry_name_order"),
        ),
        migrations.AddIndex(
            model_name="socialaccount",
            index=models.Index(
                fields=["platform", "display_name", "id"], name="entry_platform_name_order"
            ),
        ),
        migrations.AddIndex(
            model_name="socialaccount",
            index=models.Index(
                Coalesce("status_changed_at", "verified_at", "updated_at").desc(),
                models.F("id").desc(),
                name="entry_changed_order",
            ),
        ),
    ]
