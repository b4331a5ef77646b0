"""The public log: a trigger that refuses any UPDATE or DELETE of its rows (PostgreSQL), and
the existing history appended in order.

History: each ReviewEvent whose move changes what citizens see (the transition table's
`public=` column as it stands when this migration is written, and accepted aliases), in the
order of `created_at, id`. Its leaf holds the entry's platform, handle, permanent id, ministry
and service as they are when the migration runs (earlier values are not kept anywhere public),
the event's status after the move, and no aliases.
"""

import datetime

from django.db import migrations
from registry_verifier import merkle
from registry_verifier.canonical import canonical

TABLES = ("registry_logentry", "registry_lognode", "registry_logkey")
TRIGGER = """
CREATE FUNCTION registry_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the public log is append-only: % of % refused', TG_OP, TG_TABLE_NAME;
END $$;
""" + "".join(
    f"CREATE TRIGGER {t}_append_only BEFORE UPDATE OR DELETE ON {t} "
    "FOR EACH ROW EXECUTE FUNCTION registry_log_append_only();\n"
    for t in TABLES
)
DROP = "".join(f"DROP TRIGGER IF EXISTS {t}_append_only ON {t};\n" for t in TABLES) + (
    "DROP FUNCTION IF EXISTS registry_log_append_only();"
)

KIND_OF_MOVE = {
    "verify": "verified",
    "suspend": "suspended",
    "reinstate": "reinstated",
    "close": "closed",
    "reopen": "reopened",
    "recertify": "updated",
    "watch_suspend": "takeover",
    "accept_handle": "handle_accepted",
    "watch_handled": "restored",
    "accept_alias": "alias_accepted",
}
RESULT_OF_STATUS = {"verified": "official", "suspended": "suspended", "closed": "closed"}


def add_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:  # no parameters: '%' is plpgsql's
            cursor.execute(TRIGGER)


def remove_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


def append_history(apps, schema_editor):
    ReviewEvent = apps.get_model("registry", "ReviewEvent")
    LogEntry, LogNode = apps.get_model("registry", "LogEntry"), apps.get_model("registry", "LogNode")
    LogKey, LogHead = apps.get_model("registry", "LogKey"), apps.get_model("registry", "LogHead")
    events = (
        ReviewEvent.objects.filter(move__in=KIND_OF_MOVE)
        .select_related("entry__service__ministry")
        .order_by("created_at", "id")
    )
    last_of_entry, frontier, rows, nodes, keys = {}, {}, [], [], []
    for index, event in enumerate(events.iterator(chunk_size=2000)):
        entry, at = event.entry, event.created_at
        facts = {
            "index": index,
            "time": at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            "kind": KIND_OF_MOVE[event.move],
            "entry": entry.pk,
            "platform": entry.platform,
            "handle": entry.handle,
            "permanent_id": entry.platform_account_id,
            "aliases": [],
            "ministry": entry.service.ministry.name,
            "service": entry.service.name,
            "status": RESULT_OF_STATUS.get(event.to_status, "not_registered"),
            "previous": last_of_entry.get(entry.pk),
        }
        last_of_entry[entry.pk] = index
        leaf = canonical(facts)
        h = merkle.leaf_hash(leaf)
        rows.append(LogEntry(index=index, entry_id=entry.pk, kind=facts["kind"], created_at=at,
                             leaf=leaf, leaf_hash=h))  # fmt: skip
        for key in {entry.handle, entry.platform_account_id} - {""}:
            keys.append(LogKey(log_id=index, platform=entry.platform, key=key))
        nodes.extend(_finished_nodes(index, h, frontier, LogNode))
    LogEntry.objects.bulk_create(rows, batch_size=2000)
    LogNode.objects.bulk_create(nodes, batch_size=2000)
    LogKey.objects.bulk_create(keys, batch_size=2000)
    LogHead.objects.update_or_create(pk=1, defaults={"size": len(rows)})


def _finished_nodes(index, h, frontier, LogNode):
    """The leaf and the complete subtrees it finishes; `frontier` keeps the left siblings."""
    made = [LogNode(level=0, position=index, hash=h)]
    level, position = 0, index
    while position & 1:
        h = merkle.node_hash(frontier.pop(level), h)
        level, position = level + 1, position >> 1
        made.append(LogNode(level=level, position=position, hash=h))
    frontier[level] = h
    return made


class Migration(migrations.Migration):
    dependencies = [("registry", "0015_transparency_log")]

    operations = [
        migrations.RunPython(add_trigger, remove_trigger),
        migrations.RunPython(append_history, migrations.RunPython.noop),
    ]
