"""A reviewer can reply to the citizen who reported a link: the reply goes with the outcome by
e-mail, in the reporter's language, with a link to the registry's answer for that link; the
internal note never reaches the citizen."""

from urllib.parse import parse_qs, urlsplit

from django.urls import reverse

from registry.models import Report

LINK = "https://x.com/faux_gouvlu"


def a_report(**fields) -> Report:
    return Report.objects.create(
        url=LINK, platform="x", handle="faux_gouvlu", client_hash="h", **fields
    )


def handle(client, report, **extra):
    data = {f"r{report.pk}-status": "handled", f"r{report.pk}-note": "Internal: reported to X."}
    data |= {f"r{report.pk}-{name}": value for name, value in extra.items()}
    response = client.post(reverse("review:report-handle", args=[report.pk]), data)
    assert response.status_code == 302
    report.refresh_from_db()
    return report


def test_the_reply_reaches_the_reporter_with_a_link_to_the_verify_answer(
    client, reviewer, run_jobs, mailoutbox, db
):
    report = a_report(reporter_email="jo@example.org", language="en")
    client.force_login(reviewer)
    page = client.get(reverse("review:reports")).content.decode()
    assert f'name="r{report.pk}-reply"' in page
    handle(client, report, reply="Thank you: X has removed this imitation.")
    assert report.reply == "Thank you: X has removed this imitation."
    run_jobs()
    (sent,) = mailoutbox
    assert sent.to == ["jo@example.org"]
    assert "X has removed this imitation." in sent.body
    assert "Internal: reported to X." not in sent.body
    verify = next(w for w in sent.body.split() if "/verify/" in w)
    assert urlsplit(verify).path == reverse("public:verify")
    assert parse_qs(urlsplit(verify).query)["url"] == [LINK]
    assert client.get(verify).status_code == 200


def test_the_outcome_links_to_the_verify_answer_even_without_a_reply(
    client, reviewer, run_jobs, mailoutbox, db
):
    report = a_report(reporter_email="jo@example.org", language="fr")
    client.force_login(reviewer)
    handle(client, report)
    run_jobs()
    assert "/fr/verify/?url=https%3A%2F%2Fx.com%2Ffaux_gouvlu" in mailoutbox[0].body


def test_no_reply_is_offered_or_kept_without_an_address(client, reviewer, db):
    report = a_report()
    client.force_login(reviewer)
    page = client.get(reverse("review:reports")).content.decode()
    assert f'name="r{report.pk}-reply"' not in page
    assert handle(client, report, reply="Nobody reads this.").reply == ""
