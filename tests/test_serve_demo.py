"""`manage.py serve_demo`, what `make run` runs: its refusals, and what it keeps quiet (the
whole command is run by tests/test_make_run.py)."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from registry.demo.serve import SERVER_NOISE, WORKER_NOISE


def test_it_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG=1"):
        call_command("serve_demo")


@pytest.mark.parametrize("address", ["127.0.0.1", "127.0.0.1:http", "localhost:70000", ":0"])
def test_it_refuses_an_address_without_a_port_it_can_use(settings, address):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="host:port"):
        call_command("serve_demo", address)


@pytest.mark.parametrize(
    "line",
    [
        "Starting development server at http://127.0.0.1:8000/",
        "Quit the server with CONTROL-C.",
        "December 04, 2026 - 04:19:57",
        "Django version 5.2.19, using settings 'registry.settings'",
        "",
    ],
)
def test_the_servers_start_up_lines_are_not_repeated(line):
    assert SERVER_NOISE.match(line)


@pytest.mark.parametrize(
    "line",
    [
        '[04/Dec/2026 04:20:04] "GET /fr/verify/?url=https://x.com/gouvlu HTTP/1.1" 200 6109',
        "2026-12-04 04:20:09,520 ERROR django.request request_id=ab Internal Server Error: /fr/",
    ],
)
def test_the_servers_requests_and_errors_are_shown(line):
    assert not SERVER_NOISE.match(line)


def test_the_workers_progress_is_quiet_but_its_e_mails_and_failures_are_shown():
    progress = "2026-12-04 04:19:44,758 INFO django_tasks request_id=- Task id=1 state=RUNNING"
    assert WORKER_NOISE.match(progress)
    for shown in [
        "Subject: [Registre] ASTA : recertification à faire au plus tard le 09.12.2026",
        "",
        "2026-12-04 04:19:44,758 ERROR django_tasks_db request_id=- Task id=1 failed",
    ]:
        assert not WORKER_NOISE.match(shown)
