"""No data lost: the admin deletes no history, and the register round-trips through a file."""

import json

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.core.management.color import no_style
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse

from accounts.models import ExternalAgency, Membership, MembershipEvent, Ministry, Service, User
from registry.exports import backup
from registry.models import (
    ChecklistItem,
    EntryChange,
    Report,
    ReviewEvent,
    ReviewReminder,
    SocialAccount,
    Status,
)


@pytest.fixture
def full_register(
    editor, other_editor, agency_user, ministry_admin, reviewer, central_admin, draft_entry,
    submitted_entry, verified_entry, suspended_entry, closed_entry, other_ministry_entry,
):  # fmt: skip
    """A register with a row in every table: people, entries in every status, and their history."""
    EntryChange.objects.create(
        entry=verified_entry,
        actor=editor,
        changes={"team_email": ["a@mfin.example.org", "b@mfin.example.org"]},
    )
    Report.objects.create(
        url="https://x.com/faux_ministere", platform="x", handle="faux_ministere",
        note="Faux <b>compte</b> ? ü",
        client_hash="f" * 64, entry=verified_entry,
    )  # fmt: skip
    ReviewReminder.objects.create(
        entry=verified_entry, due_date=verified_entry.next_review_due, days_before=30
    )
    MembershipEvent.objects.create(
        actor=ministry_admin, user=editor, ministry=editor.memberships.get().ministry,
        action=MembershipEvent.Action.ADDED, new_value=Membership.Role.EDITOR,
    )  # fmt: skip
    retired = ChecklistItem.objects.order_by("pk").first()
    retired.active = False
    retired.save()
    return retired


def snapshot() -> dict[str, list[dict]]:
    """Every row of every model of the register, as stored (passwords aside)."""
    rows = {m._meta.label: list(m._default_manager.order_by("pk").values()) for m in backup.MODELS}
    for user in rows["accounts.User"]:
        user.pop("password")
    rows["user groups"] = list(
        User.groups.through.objects.order_by("user_id").values_list("user_id", "group__name")
    )
    return rows


def empty_the_register() -> None:
    """What a new database holds after `migrate`: no register, the seeded checklist, the groups."""
    tables = [m._meta.db_table for m in backup.MODELS if m is not ChecklistItem]
    connection.check_constraints()  # settle the fixtures' deferred checks
    # TRUNCATE … RESTART IDENTITY CASCADE on PostgreSQL, DELETEs and sequences reset on SQLite.
    statements = connection.ops.sql_flush(
        no_style(), tables, reset_sequences=True, allow_cascade=True
    )
    connection.ops.execute_sql_flush(statements)
    ChecklistItem.objects.update(active=True)  # as seeded
    ChecklistItem.objects.create(code="SEEDED_LATER", label_fr="x", label_de="x", label_en="x")


def test_export_then_import_into_an_empty_database_restores_every_row(full_register, tmp_path):
    before = snapshot()
    assert all(before[label] for label in before), [label for label in before if not before[label]]
    path = tmp_path / "register.json"
    call_command("export_registry", str(path))
    empty_the_register()
    assert not SocialAccount.objects.exists()
    call_command("import_registry", str(path))
    assert snapshot() == before


def test_restored_people_keep_their_roles_but_must_set_a_new_password(
    full_register, central_admin, tmp_path
):
    path = tmp_path / "register.json"
    call_command("export_registry", str(path))
    empty_the_register()
    call_command("import_registry", str(path))
    restored = User.objects.get(email=central_admin.email)
    assert list(restored.groups.values_list("name", flat=True)) == ["central_admins"]
    assert not restored.has_usable_password()
    assert all(not user.has_usable_password() for user in User.objects.all())


def test_the_export_file_holds_no_password_hash(full_register, tmp_path):
    path = tmp_path / "register.json"
    call_command("export_registry", str(path))
    text = path.read_text(encoding="utf-8")
    assert "pbkdf2" not in text and "argon2" not in text and '"password"' not in text
    assert '"accounts.user"' in text and "Faux <b>compte</b> ? ü" in text


def test_new_rows_after_a_restore_get_new_keys(full_register, service_a, editor, tmp_path):
    path = tmp_path / "register.json"
    call_command("export_registry", str(path))
    highest = SocialAccount.objects.order_by("-pk").first().pk
    empty_the_register()
    call_command("import_registry", str(path))
    ministry = Ministry.objects.create(
        name_fr="N", name_de="N", name_en="N", short_name="N", slug="nouveau"
    )
    entry = SocialAccount.objects.create(
        platform="x", handle="nouveau", url="https://x.com/nouveau", display_name="Nouveau",
        service_id=service_a.pk, team_name="T", team_email="t@mfin.example.org", languages=["fr"],
        purpose="P", created_by_id=editor.pk, status=Status.DRAFT,
    )  # fmt: skip
    assert entry.pk > highest and ministry.pk


def test_an_import_over_a_register_in_use_is_refused_and_changes_nothing(full_register, tmp_path):
    path = tmp_path / "register.json"
    call_command("export_registry", str(path))
    before = snapshot()
    with pytest.raises(CommandError, match="The database is not empty"):
        call_command("import_registry", str(path))
    assert snapshot() == before


def test_a_file_that_is_not_an_export_is_refused(db, tmp_path):
    path = tmp_path / "other.json"
    path.write_text(json.dumps([{"model": "accounts.user", "pk": 1}]))
    with pytest.raises(CommandError, match="not an export of this register"):
        call_command("import_registry", str(path))
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_registry", str(tmp_path / "missing.json"))


def test_an_import_that_fails_halfway_writes_nothing(full_register, tmp_path):
    path = tmp_path / "register.json"
    call_command("export_registry", str(path))
    data = json.loads(path.read_text(encoding="utf-8"))
    entries = [r for r in data["records"] if r["model"] == "registry.socialaccount"]
    entries[1]["pk"] = entries[0]["pk"]  # two rows with one key: the database refuses the second
    path.write_text(json.dumps(data))
    empty_the_register()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_registry", str(path))
    assert not User.objects.exists() and not Ministry.objects.exists()
    assert Group.objects.filter(name="central_admins").exists()


# No user path deletes: the admin offers no delete, one by one or in bulk, for what is history.
KEPT = [SocialAccount, ReviewEvent, EntryChange, Ministry, Service, ExternalAgency, User,
        MembershipEvent, ChecklistItem, Report]  # fmt: skip


@pytest.mark.parametrize("model", KEPT, ids=lambda m: m._meta.label)
def test_a_central_admin_has_no_delete_in_the_admin(central_admin, model):
    request = RequestFactory().get("/fr/admin/")
    request.user = central_admin
    model_admin = admin.site._registry[model]
    assert not model_admin.has_delete_permission(request)
    assert "delete_selected" not in model_admin.get_actions(request)


@pytest.mark.parametrize(
    ("model", "row"),
    [(SocialAccount, "verified_entry"), (Ministry, "ministry_a"), (Service, "service_a"),
     (User, "editor")],
)  # fmt: skip
def test_the_admin_delete_page_and_bulk_delete_are_refused(
    client, central_admin, request, model, row
):
    obj = request.getfixturevalue(row)
    client.force_login(central_admin)
    label = f"{model._meta.app_label}_{model._meta.model_name}"
    assert (
        client.post(reverse(f"admin:{label}_delete", args=[obj.pk]), {"post": "yes"}).status_code
        == 403
    )
    client.post(
        reverse(f"admin:{label}_changelist"),
        {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"},
    )
    assert model._default_manager.filter(pk=obj.pk).exists()


def test_review_events_cannot_be_deleted_from_the_admin(client, central_admin, verified_entry):
    event = verified_entry.events.get()
    client.force_login(central_admin)
    url = reverse("admin:registry_reviewevent_delete", args=[event.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert ReviewEvent.objects.filter(pk=event.pk).exists()
