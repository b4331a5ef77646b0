"""What people typed is never rendered unescaped: script payloads in every field that is shown
somewhere (entry data, team, purpose, messages, notes, reports, member names, ministry names),
then every page that shows them, in every area of the site.

HTML pages and the Atom feed must show the payload escaped (and do show it: the escaped form is
there). The JSON and CSV files carry it as data: not HTML (their content type, with nosniff),
and the value they give back is exactly what was typed.
"""

import csv
import io
import json

import pytest
from django.urls import reverse
from django.utils.html import escape

from accounts.invitations import invite_member
from registry import services, workflow
from registry.models import Reason, Report, Status
from tests.conftest import content_of

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
RAW = ("<script>alert(", "<img src=x onerror")  # what must never reach an HTML page


@pytest.fixture
def stained(make_entry, ministry_a, service_a, editor, ministry_admin, reviewer):
    """Every field a person types, filled with script, through the paths that write them."""
    ministry_a.name_fr, ministry_a.short_name = f"Finances {SCRIPT}", SCRIPT
    ministry_a.save()
    service_a.name_fr = f"Contributions {IMG}"
    service_a.save()
    verified = make_entry(
        Status.VERIFIED, display_name=f"Compte {SCRIPT}", purpose=f"But {IMG}",
        team_phone=IMG, platform_account_id=SCRIPT,
    )  # fmt: skip
    services.update_entry(verified, by=editor, data={"team_name": f"Équipe {IMG}"}, version=1)
    suspended = make_entry(Status.VERIFIED, display_name=f"Piraté {IMG}")
    workflow.suspend(
        suspended, by=reviewer, version=1, reason=Reason.COMPROMISED, message=f"Avis {SCRIPT}"
    )
    sent_back = make_entry(
        Status.SUBMITTED, display_name=f"Renvoyé {IMG}", assigned_reviewer=reviewer
    )
    workflow.request_changes(
        sent_back, by=reviewer, version=1, reason=Reason.OTHER, message=f"Corrigez {SCRIPT}"
    )
    invite_member(
        by=ministry_admin, ministry=ministry_a, email="x@mfin.example.org",
        full_name=f"Nina {SCRIPT}", role="editor",
    )  # fmt: skip
    Report.objects.create(
        url="https://x.com/faux", handle="faux", note=f"Faux {IMG}", client_hash="xss",
        handling_note=SCRIPT,
    )  # fmt: skip
    return {"verified": verified, "suspended": suspended, "sent_back": sent_back}


def pages(stained) -> dict[str, list[str]]:
    verified, suspended, sent_back = (stained[k] for k in ("verified", "suspended", "sent_back"))
    return {
        "anonymous": [
            reverse("public:directory"),
            "/en/",
            reverse("public:account", args=[verified.pk]),
            reverse("public:account", args=[suspended.pk]),
            reverse("public:ministry", args=["finances"]),
            reverse("public:verify") + f"?url={verified.url}",
            reverse("public:feed"),
        ],
        "editor": [
            reverse("workspace:home"),
            reverse("workspace:entry", args=[verified.pk]),
            reverse("workspace:entry", args=[sent_back.pk]),
            reverse("workspace:entry-edit", args=[verified.pk]),
            reverse("workspace:entry-edit", args=[sent_back.pk]),
        ],
        "ministry_admin": [reverse("workspace:members", args=["finances"])],
        "reviewer": [
            reverse("review:queue") + "?need=any",
            reverse("review:entry", args=[verified.pk]),
            reverse("review:entry", args=[suspended.pk]),
            reverse("review:entry", args=[sent_back.pk]),
            reverse("review:reports"),
            reverse("review:dashboard"),
        ],
    }


@pytest.mark.parametrize("role", ["anonymous", "editor", "ministry_admin", "reviewer"])
def test_no_page_renders_a_typed_script_unescaped(client, request, stained, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    for url in pages(stained)[role]:
        response = client.get(url)
        assert response.status_code == 200, url
        content = content_of(response).decode()
        for raw in RAW:
            assert raw not in content, f"{url} renders {raw!r} unescaped"
        shown = [p for p in (SCRIPT, IMG) if escape(p) in content or _xml_escaped(p) in content]
        assert shown, f"{url} shows none of the typed text: the test would prove nothing"


def _xml_escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def test_the_members_name_and_the_messages_reach_the_pages_escaped(client, stained, editor):
    client.force_login(editor)
    page = client.get(reverse("workspace:entry", args=[stained["sent_back"].pk])).content.decode()
    assert escape(f"Corrigez {SCRIPT}") in page


@pytest.mark.parametrize(
    "url",
    [
        "/open-data/accounts.json",
        "/api/v1/accounts/",
        "/api/v1/ministries/",
        "/open-data/accounts.csv",
    ],
)
def test_json_and_csv_carry_typed_text_as_data_never_as_html(client, stained, url):
    response = client.get(url)
    assert response["Content-Type"].split(";")[0] in ("application/json", "text/csv")
    assert response["X-Content-Type-Options"] == "nosniff"
    body = content_of(response).decode()
    if url.endswith(".csv"):
        values = {v for row in csv.reader(io.StringIO(body)) for v in row}
    else:
        values = set(_strings(json.loads(body)))
    assert f"Compte {SCRIPT}" in values or f"Finances {SCRIPT}" in values


def test_the_api_gives_back_an_entry_exactly_as_typed(client, stained):
    data = client.get(reverse("api:account", args=[stained["verified"].pk])).json()
    assert f"Compte {SCRIPT}" in set(_strings(data))


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
