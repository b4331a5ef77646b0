"""The watch on the central unit's pages: proof of control, check now, queue, dashboard."""

import pytest
from django.urls import reverse

from registry.models import Finding, Move, Observation, Status, WatchState
from tests.conftest import answers_for, serve_bluesky

LINK = "https://bsky.app/profile/gouv.bsky.social"


def checklist_post() -> dict:
    data = {}
    for row in answers_for("reviewer"):
        data[f"answer_{row['code']}"] = row["answer"]
        data[f"note_{row['code']}"] = ""
    return data


@pytest.fixture
def submitted_bluesky(make_entry, reviewer):
    return make_entry(
        Status.SUBMITTED,
        platform="bluesky",
        handle="gouv.bsky.social",
        url=LINK,
        assigned_reviewer=reviewer,
    )


def test_verifying_reads_the_proof_and_stores_the_permanent_id_with_the_decision(
    client, platform, reviewer, submitted_bluesky
):
    code = submitted_bluesky.control_code
    serve_bluesky(platform, handle="gouv.bsky.social", did="did:plc:abc", text=f"Officiel {code}")
    client.force_login(reviewer)
    data = {"decision": "verify", "version": submitted_bluesky.version, **checklist_post()}
    r = client.post(reverse("review:decide", args=[submitted_bluesky.pk]), data)
    assert r.status_code == 302
    submitted_bluesky.refresh_from_db()
    assert submitted_bluesky.platform_account_id == "did:plc:abc"
    proof = Observation.objects.get(entry=submitted_bluesky)
    assert (proof.kind, proof.code_found) == (Observation.Kind.PROOF, True)
    assert proof.event == submitted_bluesky.events.get(move=Move.VERIFY)


def test_check_now_shows_the_code_found_with_its_date_and_time(
    client, platform, reviewer, submitted_bluesky
):
    code = submitted_bluesky.control_code
    serve_bluesky(platform, handle="gouv.bsky.social", did="did:plc:abc", text=f"Officiel {code}")
    client.force_login(reviewer)
    r = client.post(reverse("review:watch-check", args=[submitted_bluesky.pk]), follow=True)
    assert "Code found on" in r.content.decode()
    assert f"Officiel {code}" in r.content.decode()


def test_check_now_shows_the_text_read_when_the_code_is_not_there(
    client, platform, reviewer, submitted_bluesky
):
    serve_bluesky(platform, handle="gouv.bsky.social", did="did:plc:abc", text="Just a bio")
    client.force_login(reviewer)
    r = client.post(reverse("review:watch-check", args=[submitted_bluesky.pk]), follow=True)
    page = r.content.decode()
    assert "Code not found on" in page and "Just a bio" in page


def test_check_now_on_an_unreachable_platform_says_so_without_failing(
    client, reviewer, submitted_bluesky
):
    client.force_login(reviewer)
    r = client.post(reverse("review:watch-check", args=[submitted_bluesky.pk]), follow=True)
    assert r.status_code == 200
    assert "could not be read" in r.content.decode()


def test_check_now_on_a_platform_that_is_not_watched_is_refused_clearly(
    client, reviewer, verified_entry
):
    client.force_login(reviewer)
    r = client.post(reverse("review:watch-check", args=[verified_entry.pk]))
    assert r.status_code == 400
    assert "not watched" in r.content.decode()


def test_the_entry_page_shows_what_the_watch_saw(client, reviewer, bluesky_entry):
    Observation.objects.create(
        entry=bluesky_entry,
        kind=Observation.Kind.RENAMED,
        changes={"handle": ["gouv.bsky.social", "gouvernement.bsky.social"]},
    )
    WatchState.objects.create(
        entry=bluesky_entry, finding=Finding.RENAMED, pending_handle="gouvernement.bsky.social"
    )
    client.force_login(reviewer)
    page = client.get(reverse("review:entry", args=[bluesky_entry.pk])).content.decode()
    assert "gouv.bsky.social → gouvernement.bsky.social" in page
    assert "Accept the new handle" in page


def test_a_takeover_comes_first_in_the_queue_and_has_its_own_filter(
    client, reviewer, bluesky_entry, make_entry
):
    make_entry(Status.SUBMITTED)
    WatchState.objects.create(entry=bluesky_entry, finding=Finding.TAKEOVER)
    client.force_login(reviewer)
    r = client.get(reverse("review:queue"))
    assert next(e.pk for e in r.context["page"]) == bluesky_entry.pk
    r = client.get(reverse("review:queue"), {"need": "takeover"})
    assert [e.pk for e in r.context["page"]] == [bluesky_entry.pk]


@pytest.mark.parametrize(
    ("value", "expected"), [("watched", 1), ("not_watched", 1), ("failing", 0)]
)
def test_the_queue_filters_entries_by_watch(
    client, reviewer, bluesky_entry, verified_entry, value, expected
):
    client.force_login(reviewer)
    r = client.get(reverse("review:queue"), {"need": "any", "watch": value})
    assert len(r.context["page"]) == expected


def test_the_dashboard_has_a_watch_panel_linking_to_the_queue(client, reviewer, bluesky_entry):
    Observation.objects.create(entry=bluesky_entry, kind=Observation.Kind.GONE)
    WatchState.objects.create(entry=bluesky_entry, finding=Finding.GONE, failures=1)
    client.force_login(reviewer)
    page = client.get(reverse("review:dashboard")).content.decode()
    assert "Last check on" in page
    assert "?need=any&amp;watch=watched&amp;platform=bluesky" in page
    assert "?need=gone" in page
    assert "?need=any&amp;watch=failing" in page
    watch = client.get(reverse("review:dashboard")).context["watch"]
    assert watch["failing"] == 1
    assert ("Account gone", 1, 1, "need=gone") in [
        (str(a), b, c, d) for a, b, c, d in watch["findings"]
    ]
