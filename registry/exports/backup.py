"""The whole register as one JSON file, and back: `export_registry` and `import_registry`.

The file holds every row of every model of the register, with its primary key and timestamps,
so history restores exactly. People are exported without password hashes (a backup file must not
be a password list): after a restore everyone sets a new password through "Forgotten password?",
and staff set up their second factor again. Sign-in throttling records are not kept either.
"""

import datetime
import json
from contextlib import contextmanager
from itertools import groupby

from django.contrib.auth.models import Group
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction

from accounts.models import ExternalAgency, Membership, MembershipEvent, Ministry, Service, User
from registry.models import (
    ChecklistItem,
    EntryChange,
    Report,
    ReviewEvent,
    ReviewReminder,
    SocialAccount,
)
from registry.public_changes import register_changed

FORMAT = "official-accounts-registry"
VERSION = 1
# In dependency order: a row's foreign keys point to rows restored before it.
MODELS = [
    User, Ministry, Service, ExternalAgency, Membership, MembershipEvent, ChecklistItem,
    SocialAccount, ReviewEvent, EntryChange, Report, ReviewReminder,
]  # fmt: skip
# Data that `migrate` writes itself: replaced by the file's rows, not a sign of a used database.
SEEDED = {ChecklistItem}
USER_FIELDS_LEFT_OUT = {"password", "groups", "user_permissions"}


class NotEmpty(Exception):
    """The database already holds a register: restoring over it would mix two histories."""


class Encoder(DjangoJSONEncoder):
    """Keeps microseconds (Django's encoder drops them), so timestamps restore exactly."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            return o.isoformat()
        return super().default(o)


def _field_names(model) -> list[str]:
    names = [f.name for f in model._meta.concrete_fields if not f.primary_key]
    names += [f.name for f in model._meta.many_to_many]
    if model is User:
        names = [name for name in names if name not in USER_FIELDS_LEFT_OUT]
    return names


def export_data() -> dict:
    records = []
    for model in MODELS:
        rows = model._default_manager.order_by("pk")
        records += serializers.serialize("python", rows, fields=_field_names(model))
    groups = {
        user.pk: sorted(user.groups.values_list("name", flat=True)) for user in User.objects.all()
    }
    for record in records:
        if record["model"] == User._meta.label_lower:
            record["fields"]["groups"] = groups[record["pk"]]
    return {"format": FORMAT, "version": VERSION, "records": records}


def write(path, data: dict) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(data, handle, cls=Encoder, ensure_ascii=False, indent=1)


def read(path) -> dict:
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("version") != VERSION:
        raise ValueError(f"{path} is not an export of this register (format {FORMAT} v{VERSION}).")
    return data


def used_tables() -> list[str]:
    """The register's models that already hold rows (seeded data excepted)."""
    return [
        m._meta.verbose_name_plural
        for m in MODELS
        if m not in SEEDED and m._default_manager.exists()
    ]


@transaction.atomic
def import_data(data: dict) -> dict[str, int]:
    """Restore `data` into an empty register, in one transaction; returns rows per model."""
    if used := used_tables():
        raise NotEmpty(", ".join(str(name) for name in used))
    records = data["records"]
    user_groups = {
        r["pk"]: r["fields"].pop("groups", []) for r in records if r["model"] == "accounts.user"
    }
    counts = {}
    with _timestamps_kept():
        objects = serializers.deserialize("python", records)
        for model, batch in groupby(objects, key=lambda d: type(d.object)):
            rows = [d.object for d in batch]
            if model in SEEDED:
                model._default_manager.all().delete()
            if model is User:
                for user in rows:
                    user.set_unusable_password()
            model._default_manager.bulk_create(rows, batch_size=500)
            counts[model._meta.label] = counts.get(model._meta.label, 0) + len(rows)
    _restore_groups(user_groups)
    _reset_sequences()
    connection.check_constraints()  # every foreign key points to a restored row, checked now
    register_changed()
    return counts


def _restore_groups(user_groups: dict[int, list[str]]) -> None:
    groups = {
        name: Group.objects.get_or_create(name=name)[0]
        for names in user_groups.values()
        for name in names
    }
    through = User.groups.through
    through.objects.bulk_create(
        [
            through(user_id=pk, group_id=groups[name].pk)
            for pk, names in user_groups.items()
            for name in names
        ]
    )


@contextmanager
def _timestamps_kept():
    """bulk_create would stamp auto_now fields with the time of the restore: switch them off."""
    fields = [
        f for m in MODELS for f in m._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]  # fmt: skip
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def _reset_sequences() -> None:
    """Rows were inserted with their own keys: move each sequence past the highest one."""
    statements = connection.ops.sequence_reset_sql(no_style(), [*MODELS, User.groups.through])
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
