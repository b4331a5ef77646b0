"""Public answers change when public data changes outside the workflow: admin saves, edits, imports.

The register version (registry.models.register, a row of the database) is raised in the
transaction of each write here (registry.public_changes).
"""

import contextvars

import pytest
from django.db import transaction
from django.urls import reverse

from accounts.models import Ministry
from registry import freshness, services
from registry.errors import StaleEntry
from registry.exports import backup
from registry.freshness import kept, read_version
from registry.models import ChecklistItem, EntryChange
from registry.public_changes import register_changed
from tests.conftest import make_user


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what a request schedules on commit, as a real commit would."""

    def run(action):
        with django_capture_on_commit_callbacks(execute=True):
            return action()

    return run


def ministry_form(ministry: Ministry, **changes) -> dict:
    data = {
        "name_fr": ministry.name_fr, "name_de": ministry.name_de, "name_en": ministry.name_en,
        "short_name": ministry.short_name, "slug": ministry.slug, "website": ministry.website,
        "language": ministry.language,
        "services-TOTAL_FORMS": "0", "services-INITIAL_FORMS": "0",
        "services-MIN_NUM_FORMS": "0", "services-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    return data | changes


def test_an_admin_rename_of_a_ministry_changes_the_api_etag(
    client, central_admin, verified_entry, ministry_a, committed
):
    url = reverse("api:ministries")
    before = client.get(url)["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=before).status_code == 304
    client.force_login(central_admin)
    response = committed(
        lambda: client.post(
            reverse("admin:accounts_ministry_change", args=[ministry_a.pk]),
            ministry_form(ministry_a, name_fr="Ministère des Finances et du Budget"),
        )
    )
    assert response.status_code == 302
    client.logout()
    after = client.get(url, HTTP_IF_NONE_MATCH=before)
    assert after.status_code == 200
    assert after["ETag"] != before
    assert "Ministère des Finances et du Budget" in after.content.decode()


def test_an_admin_save_of_a_service_bumps_the_register_version(
    client, central_admin, service_a, committed
):
    before = read_version()
    client.force_login(central_admin)
    data = {
        "ministry": service_a.ministry_id, "kind": service_a.kind, "slug": service_a.slug,
        "name_fr": "Impôts", "name_de": service_a.name_de, "name_en": service_a.name_en,
    }  # fmt: skip
    response = committed(
        lambda: client.post(reverse("admin:accounts_service_change", args=[service_a.pk]), data)
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert read_version() != before


def test_retiring_a_checklist_item_in_the_admin_bumps_the_register_version(
    client, central_admin, committed
):
    item = ChecklistItem.objects.get(code="VISUAL_IDENTITY")
    before = read_version()
    client.force_login(central_admin)
    committed(
        lambda: client.post(
            reverse("admin:registry_checklistitem_changelist"),
            {
                "form-TOTAL_FORMS": "1",
                "form-INITIAL_FORMS": "1",
                "form-MIN_NUM_FORMS": "0",
                "form-MAX_NUM_FORMS": "1000",
                "form-0-id": str(item.pk),
                "form-0-position": str(item.position),
                "_save": "Save",
            },
        )
    )
    item.refresh_from_db()
    assert item.active is False
    assert read_version() != before


@pytest.mark.parametrize(
    ("entry", "public_answers_change"),
    [("verified_entry", True), ("draft_entry", False)],
)
def test_an_edit_bumps_the_register_version_only_when_the_entry_is_public(
    request, editor, committed, entry, public_answers_change
):
    edited = request.getfixturevalue(entry)
    before = read_version()
    committed(
        lambda: services.update_entry(
            edited, by=editor, data={"team_name": "Nouvelle équipe"}, version=1
        )
    )
    assert (read_version() != before) is public_answers_change


def test_an_import_of_accounts_bumps_the_register_version(editor, service_a, committed):
    before = read_version()
    row = {
        "platform": "x", "handle": "mfin_import", "url": "https://x.com/mfin_import",
        "display_name": "Import", "service": service_a, "team_name": "Com",
        "team_email": "com@mfin.example.org", "languages": ["fr"],
    }  # fmt: skip
    committed(lambda: services.create_imported([row], by=editor))
    assert read_version() != before


@pytest.mark.django_db(transaction=True)
def test_a_restore_bumps_the_register_version(tmp_path):
    data = backup.export_data()
    before = read_version()
    backup.import_data(data)  # the seeded checklist alone: an empty register
    assert read_version() != before


def test_a_superusers_edit_of_an_entry_is_in_its_history_and_makes_open_forms_stale(
    client, editor, verified_entry, committed
):
    """Central admins only view entries in the admin; a superuser may edit their data there."""
    superuser = make_user("root@sip.example", "Root Superuser", is_staff=True, is_superuser=True)
    before = read_version()
    client.force_login(superuser)
    url = reverse("admin:registry_socialaccount_change", args=[verified_entry.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if name in form.fields}
    data = {k: "" if v is None else v for k, v in data.items()} | {
        "display_name": "Nom corrigé par l'admin",
        "reviewevent_set-TOTAL_FORMS": "0", "reviewevent_set-INITIAL_FORMS": "0",
        "events-TOTAL_FORMS": "0", "events-INITIAL_FORMS": "0",
    }  # fmt: skip
    response = committed(lambda: client.post(url, data))
    assert response.status_code == 302
    verified_entry.refresh_from_db()
    assert verified_entry.display_name == "Nom corrigé par l'admin"
    assert verified_entry.version == 2
    change = EntryChange.objects.get(entry=verified_entry)
    assert (change.actor, change.changes["display_name"][1]) == (
        superuser,
        "Nom corrigé par l'admin",
    )
    assert read_version() != before
    with pytest.raises(StaleEntry):
        services.update_entry(verified_entry, by=editor, data={"team_name": "X"}, version=1)


def test_a_request_reads_the_version_once_and_sees_its_own_changes(db, committed):
    kept.start_request()
    try:
        first = kept.register_version()
        with transaction.atomic():
            register_changed()  # another process's change, whose notice has not come yet
        assert kept.register_version() == first  # one version for the whole request
        own = committed(register_changed)  # this request's own change: read again at once
        assert kept.register_version() == own == first + 2
    finally:
        kept.end_request()


def test_requests_served_by_one_thread_each_keep_their_own_version(db, committed):
    """Under ASGI one thread serves several requests at once, each in a context of its own (as
    asyncio runs each task in a copy of the context): the version one request read is never
    another's, and one request ending does not end the other."""
    first, second = contextvars.copy_context(), contextvars.copy_context()
    first.run(kept.start_request)
    seen_by_first = first.run(kept.register_version)
    second.run(kept.start_request)
    with transaction.atomic():
        second.run(register_changed)
    freshness.clock.forget()  # as its commit would
    seen_by_second = second.run(kept.register_version)
    assert seen_by_second == seen_by_first + 1
    second.run(kept.end_request)
    first.run(kept.end_request)
    assert kept.register_version() == seen_by_second
