"""The foundation: migrations in step with the models, health check, error pages, request ids
in the logs, and the admin site for the central admins only."""

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent


def test_the_models_need_no_new_migration():
    # makemigrations --check exits (SystemExit) when a model change has no migration.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_healthz_answers_200_with_a_small_json_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["checks"]["database"]["status"] == "ok"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_does_not_answer():
    # A separate process whose database is a closed port: nothing of ours is replaced.
    script = (
        "from django.test import Client; r = Client().get('/healthz'); "
        "print(r.status_code, r.json()['checks']['database']['status'])"
    )
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://postgres@127.0.0.1:1/nowhere",
        "DJANGO_LOG_LEVEL": "CRITICAL",
    }
    result = subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.stdout.strip().splitlines()[-1] == "503 unavailable", result.stderr


@pytest.mark.parametrize("language", ["fr", "de", "en"])
def test_the_404_page_is_our_template_in_the_visitors_language(client, language):
    response = client.get(f"/{language}/nope/")
    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]
    assert f'<html lang="{language}">' in response.content.decode()


def test_a_request_id_from_the_proxy_is_echoed_and_carried_by_the_log_lines(client, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/en/nope/", HTTP_X_REQUEST_ID="req-1234.abc")
    assert response["X-Request-ID"] == "req-1234.abc"
    records = [r for r in caplog.records if r.name == "django.request"]
    assert records, "the 404 is logged"
    assert all(getattr(r, "request_id", None) == "req-1234.abc" for r in records)


def test_a_malformed_request_id_is_replaced_by_a_new_one(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="bad id\nwith newline")
    assert response["X-Request-ID"] != "bad id\nwith newline"
    assert len(response["X-Request-ID"]) == 32


ADMIN_PAGES = [
    "/fr/admin/",
    "/fr/admin/accounts/ministry/",
    "/fr/admin/accounts/service/",
    "/fr/admin/accounts/externalagency/",
    "/fr/admin/accounts/user/",
    "/fr/admin/accounts/membership/",
    "/fr/admin/registry/socialaccount/",
    "/fr/admin/registry/reviewevent/",
]


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_admin_pages_load_for_a_central_admin(client, central_admin, verified_entry, url):
    client.force_login(central_admin)
    response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_admin_pages_refuse_a_ministry_editor(client, editor, url):
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/admin/login/" in response["Location"]


def test_an_entry_and_its_events_open_in_the_admin_for_a_central_admin(
    client, central_admin, verified_entry
):
    client.force_login(central_admin)
    assert (
        client.get(f"/fr/admin/registry/socialaccount/{verified_entry.pk}/change/").status_code
        == 200
    )
    event = verified_entry.events.get()
    assert client.get(f"/fr/admin/registry/reviewevent/{event.pk}/change/").status_code == 200


def test_a_checklist_items_code_cannot_be_changed_once_it_exists(client, central_admin):
    from registry.models import ChecklistItem

    item = ChecklistItem.objects.get(code="NEUTRALITY")
    client.force_login(central_admin)
    url = reverse("admin:registry_checklistitem_change", args=[item.pk])
    page = client.get(url).content.decode()
    assert 'name="code"' not in page
    assert 'name="label_en"' in page
