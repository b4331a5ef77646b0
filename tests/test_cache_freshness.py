"""A suspension or closure shows on the verify page and the verify API at once, cache or not.

Each test asks once (the answer "official" is now cached), makes the move through
registry.workflow and commits it (the register version is bumped on commit), then asks again.
With the local-memory cache, and with Redis when a server answers on 127.0.0.1:6379 (always in
CI): each Redis test has a key prefix of its own, so it never reads or clears another's keys.
"""

import time

import pytest
from django.core.cache import cache
from django.utils.http import http_date

from registry import workflow
from registry.freshness import clock
from registry.freshness.kept import answers, register_version
from registry.models import Reason
from tests.conftest import everything_changed


def suspend(entry, reviewer):
    workflow.suspend(
        entry, by=reviewer, version=entry.version, reason=Reason.COMPROMISED, message="Hacked."
    )


def close(entry, reviewer):
    workflow.close(entry, by=reviewer, version=entry.version, message="No longer used.")


MOVES = {"suspension": (suspend, "suspended"), "closure": (close, "closed")}


def committed(move, entry, reviewer, django_capture_on_commit_callbacks):
    """The move, and what its commit runs (the version bump, the e-mails)."""
    with django_capture_on_commit_callbacks(execute=True):
        move(entry, reviewer)


@pytest.mark.parametrize("what", list(MOVES))
def test_the_verify_api_answers_the_new_state_right_after_the_move(
    client, any_cache, reviewer, verified_entry, django_capture_on_commit_callbacks, what
):
    move, result = MOVES[what]
    ask = {"url": verified_entry.url}
    assert client.get("/api/v1/verify/", ask).json()["result"] == "official"
    committed(move, verified_entry, reviewer, django_capture_on_commit_callbacks)
    answer = client.get("/api/v1/verify/", ask).json()
    assert answer["result"] == result
    assert answer["account"]["status"] == result


@pytest.mark.parametrize("what", list(MOVES))
def test_the_verify_page_shows_the_new_state_right_after_the_move(
    client, any_cache, reviewer, verified_entry, django_capture_on_commit_callbacks, what
):
    move, result = MOVES[what]
    page = f"/en/verify/?url={verified_entry.url}"
    assert "result-official" in client.get(page).content.decode()
    committed(move, verified_entry, reviewer, django_capture_on_commit_callbacks)
    shown = client.get(page).content.decode()
    assert f"result-{result}" in shown
    assert "result-official" not in shown


# What a client or proxy sends to revalidate the copy it holds. The date is an hour ahead: a
# server that honoured If-Modified-Since would call any copy fresh.
REVALIDATIONS = {
    "If-None-Match": lambda held: {"If-None-Match": held["ETag"]},
    "If-Modified-Since": lambda held: {"If-Modified-Since": http_date(time.time() + 3600)},
    "both": lambda held: {
        "If-None-Match": held["ETag"],
        "If-Modified-Since": http_date(time.time() + 3600),
    },
}
HELD = [
    "/en/verify/?url={url}",
    "/api/v1/verify/?url={url}",
    "/en/accounts/{pk}/",
    "/api/v1/accounts/{pk}/",
    "/en/feed/",
    "/open-data/accounts.json",
]


@pytest.mark.parametrize("path", HELD)
@pytest.mark.parametrize("how", list(REVALIDATIONS))
@pytest.mark.parametrize("what", list(MOVES))
def test_no_revalidation_keeps_a_copy_from_before_a_suspension_or_closure(
    client, reviewer, verified_entry, django_capture_on_commit_callbacks, what, how, path
):
    move, result = MOVES[what]
    page = path.format(url=verified_entry.url, pk=verified_entry.pk)
    held = client.get(page)
    assert held.status_code == 200
    assert not held.has_header("Last-Modified")  # a date to the second cannot tell versions apart
    committed(move, verified_entry, reviewer, django_capture_on_commit_callbacks)
    again = client.get(page, headers=REVALIDATIONS[how](held))
    assert again.status_code == 200
    assert again["ETag"] != held["ETag"]
    assert result in again.getvalue().decode()  # getvalue(): open data is streamed


def test_an_unchanged_copy_is_still_revalidated_with_its_etag(client, verified_entry):
    held = client.get(f"/en/accounts/{verified_entry.pk}/")
    assert (
        client.get(held.request["PATH_INFO"], headers={"If-None-Match": held["ETag"]}).status_code
        == 304
    )
    only_date = {"If-Modified-Since": http_date(time.time() + 3600)}
    assert client.get(held.request["PATH_INFO"], headers=only_date).status_code == 200


@pytest.mark.parametrize("what", list(MOVES))
def test_the_directory_and_the_account_page_show_the_new_state(
    client, any_cache, reviewer, verified_entry, django_capture_on_commit_callbacks, what
):
    move, result = MOVES[what]
    account = f"/en/accounts/{verified_entry.pk}/"
    client.get(account), client.get("/en/?state=all"), client.get("/api/v1/accounts/")
    committed(move, verified_entry, reviewer, django_capture_on_commit_callbacks)
    assert f"status-{result}" in client.get(account).content.decode()
    assert f"status-{result}" in client.get("/en/?state=all").content.decode()
    listed = client.get("/api/v1/accounts/").json()["results"]
    assert [a["status"] for a in listed] == [result]


def test_the_version_outlives_every_process_and_cache(db, any_cache):
    """The version is the database's: a worker that starts, or a cache emptied, knows it."""
    version = everything_changed()
    cache.clear()
    answers().clear()
    clock.reset(None)  # what a new worker knows: nothing
    assert register_version() == version
