"""Reporting a suspected fake: it reaches the queue with the parsed identity, floods are refused."""

import pytest
from django.urls import reverse

from registry.models import Report, Status
from registry.reports import client_hash


def send(client, url="https://x.com/fauxministere", **extra):
    return client.post(
        reverse("public:report"),
        {"url": url, "note": "", "email": "", **extra},
        REMOTE_ADDR=extra.pop("ip", "203.0.113.7"),
    )


def test_a_report_reaches_the_queue_with_the_parsed_identity(client, db):
    r = send(client, note="Uses the ministry's logo", email="jo@example.org")
    assert r.status_code == 302
    assert r["Location"] == reverse("public:report-sent")
    report = Report.objects.get()
    assert (report.platform, report.handle, report.entry) == ("x", "fauxministere", None)
    assert report.note == "Uses the ministry's logo"
    assert report.reporter_email == "jo@example.org"
    assert report.status == Report.Status.OPEN


def test_a_report_on_a_registered_account_points_at_its_entry(client, verified_entry):
    send(client, url=verified_entry.url)
    assert Report.objects.get().entry == verified_entry


def test_a_report_of_an_unparseable_link_is_kept_without_identity(client, db):
    send(client, url="https://phishing.example/gouv-login")
    report = Report.objects.get()
    assert (report.platform, report.handle) == ("", "")


def test_the_client_address_is_stored_only_as_a_keyed_hash(client, db):
    send(client)
    report = Report.objects.get()
    assert "203.0.113.7" not in report.client_hash
    assert report.client_hash == client_hash("203.0.113.7")


def test_the_report_form_is_prefilled_from_the_verify_answer(client, db):
    page = client.get(reverse("public:report"), {"url": "https://x.com/faux"}).content.decode()
    assert 'value="https://x.com/faux"' in page


def test_a_report_without_a_link_is_refused_with_a_message(client, db):
    r = send(client, url="")
    assert r.status_code == 200
    assert Report.objects.count() == 0
    assert 'class="error"' in r.content.decode()


def test_a_flood_from_one_client_is_refused_with_a_clear_message(client, db, settings):
    settings.REPORTS_PER_HOUR_PER_CLIENT = 2
    assert send(client).status_code == 302
    assert send(client).status_code == 302
    r = send(client)
    assert r.status_code == 429
    assert "wait an hour" in r.content.decode()
    assert Report.objects.count() == 2


def test_another_client_may_still_report_during_a_flood(client, db, settings):
    settings.REPORTS_PER_HOUR_PER_CLIENT = 1
    send(client)
    assert send(client, ip="198.51.100.9").status_code == 302


def test_reports_older_than_an_hour_do_not_count(client, db, settings):
    import datetime

    from django.utils import timezone

    settings.REPORTS_PER_HOUR_PER_CLIENT = 1
    send(client)
    Report.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=61))
    assert send(client).status_code == 302


@pytest.mark.parametrize("page", ["public:directory", "public:verify"])
def test_nothing_a_reporter_types_is_shown_publicly(client, make_entry, page):
    entry = make_entry(Status.VERIFIED, handle="gouvlu")
    send(client, url=entry.url, note="SECRET-NOTE-42", email="reporter@example.org")
    body = client.get(reverse(page), {"url": entry.url}).content.decode()
    body += client.get(entry.get_absolute_url()).content.decode()
    assert "SECRET-NOTE-42" not in body
    assert "reporter@example.org" not in body
