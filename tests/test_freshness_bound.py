"""The freshness bound (registry.freshness): a process serves a kept answer only while it has
confirmed the register's version in the database within REGISTER_FRESHNESS_SECONDS, and only if
no change since touched what the answer shows. The process's clock is the one it is given (a
list of seconds here), the database is real; no notice comes (no Redis), so what is seen is the
bound alone."""

import pytest
from django.db import transaction
from django.db.models import F

from registry import workflow
from registry.freshness import clock
from registry.models import Reason, RegisterVersion, Status
from registry.public_changes import register_changed
from tests.conftest import everything_changed

BOUND = 1.0


@pytest.fixture
def now(settings, monkeypatch):
    """The seconds this process's clock shows."""
    settings.REGISTER_FRESHNESS_SECONDS = BOUND
    seconds = [1000.0]
    monkeypatch.setattr(clock, "clock", lambda: seconds[0])
    return seconds


def verify(client, entry) -> str:
    return client.get("/api/v1/verify/", {"url": entry.url}).json()["result"]


def suspended_elsewhere(entry, reviewer) -> None:
    """A suspension committed by another server: in the database, no notice to this one."""
    workflow.suspend(
        entry, by=reviewer, version=entry.version, reason=Reason.COMPROMISED, message="Hacked."
    )


def test_within_the_bound_a_kept_answer_costs_no_query(
    client, verified_entry, now, django_assert_num_queries
):
    verify(client, verified_entry)
    now[0] += BOUND / 2
    with django_assert_num_queries(0):
        assert verify(client, verified_entry) == "official"


def test_past_the_bound_the_version_is_read_again_and_only_it(
    client, verified_entry, now, django_assert_num_queries
):
    verify(client, verified_entry)
    now[0] += BOUND
    with django_assert_num_queries(1):  # the version; nothing changed, the answer is kept
        assert verify(client, verified_entry) == "official"


@pytest.mark.parametrize("waited", [BOUND, 5 * BOUND, 3600.0])
def test_a_suspension_made_elsewhere_is_answered_once_the_bound_has_passed(
    client, verified_entry, reviewer, now, waited
):
    assert verify(client, verified_entry) == "official"
    suspended_elsewhere(verified_entry, reviewer)
    now[0] += waited
    assert verify(client, verified_entry) == "suspended"


def test_before_the_bound_a_suspension_made_elsewhere_may_not_be_seen_yet(
    client, verified_entry, reviewer, now
):
    """The promise is the bound, no less: this is what it allows."""
    assert verify(client, verified_entry) == "official"
    suspended_elsewhere(verified_entry, reviewer)
    now[0] += BOUND / 2
    assert verify(client, verified_entry) == "official"


def test_a_change_to_one_account_leaves_the_answers_about_others_kept(
    client, verified_entry, other_ministry_entry, reviewer, now, django_assert_num_queries
):
    other_ministry_entry.status = Status.VERIFIED
    other_ministry_entry.save()
    verify(client, verified_entry), verify(client, other_ministry_entry)
    suspended_elsewhere(verified_entry, reviewer)
    now[0] += BOUND
    with django_assert_num_queries(2):  # the version and what changed since: the other is kept
        assert verify(client, other_ministry_entry) == "official"
    assert verify(client, verified_entry) == "suspended"


def test_a_change_to_one_account_makes_every_list_stale(client, verified_entry, reviewer, now):
    assert client.get("/api/v1/accounts/").json()["results"][0]["status"] == "verified"
    suspended_elsewhere(verified_entry, reviewer)
    now[0] += BOUND
    assert client.get("/api/v1/accounts/").json()["results"][0]["status"] == "suspended"


def test_a_register_wide_change_makes_every_answer_stale(
    client, verified_entry, now, django_assert_num_queries
):
    verify(client, verified_entry)
    with transaction.atomic():
        register_changed()
    now[0] += BOUND
    with django_assert_num_queries(3):  # the version, what changed, and the answer again
        assert verify(client, verified_entry) == "official"


def test_a_version_that_went_backwards_makes_every_answer_stale(
    client, verified_entry, now, django_assert_num_queries
):
    """A database restored from a backup: whatever this process kept is older than nothing."""
    everything_changed()
    verify(client, verified_entry)
    RegisterVersion.objects.filter(pk=1).update(number=1)
    now[0] += BOUND
    with django_assert_num_queries(2):  # the version, then the answer again
        assert verify(client, verified_entry) == "official"


def test_changes_it_cannot_read_make_every_answer_stale(
    client, verified_entry, now, django_assert_num_queries
):
    """Versions raised without their record (pruned, or more than a process reads at once)."""
    verify(client, verified_entry)
    RegisterVersion.objects.filter(pk=1).update(number=F("number") + 3)
    now[0] += BOUND
    with django_assert_num_queries(3):  # the version, the changes (a gap), the answer again
        assert verify(client, verified_entry) == "official"


def test_a_revalidation_never_confirms_an_answer_older_than_the_bound(
    client, verified_entry, reviewer, now
):
    first = client.get("/api/v1/verify/", {"url": verified_entry.url})
    suspended_elsewhere(verified_entry, reviewer)
    now[0] += BOUND
    again = client.get("/api/v1/verify/", {"url": verified_entry.url},
                       HTTP_IF_NONE_MATCH=first["ETag"])  # fmt: skip
    assert again.status_code == 200
    assert again.json()["result"] == "suspended"
    assert again["ETag"] != first["ETag"]
