"""Hostile input: every form and every query parameter, filled with generated text (any unicode,
control characters and NUL, up to 10,000 characters, HTML and script), answers a clear status,
never a 500 (the test client raises the server's exception, so a 500 fails with its traceback).
"""

from dataclasses import dataclass, field

import pytest
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.invitations import invitation_tokens, invite_member
from registry.models import Report, Status
from tests.conftest import answers_for

ANSWERS = {200, 302, 400, 403, 404, 405, 409, 414, 429}  # 414: an address over 32 KiB
PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "' OR 1=1 --",
    '=HYPERLINK("http://evil.example")',
    "\x00",
    "\u202e\ufeff\u200b",
    "%00%0d%0a",
    "../../etc/passwd",
    "https://x.com/\x00gouv",
    "9" * 30,
    "-1",
]
HOSTILE = st.one_of(
    st.text(max_size=300),  # any unicode but surrogates, control characters included
    st.text(alphabet=st.characters(max_codepoint=0x9F), max_size=50),  # C0, C1, NUL
    st.sampled_from(PAYLOADS),
    st.tuples(st.sampled_from([*PAYLOADS, "é", "x"]), st.integers(1, 10_000)).map(
        lambda t: (t[0] * t[1])[:10_000]
    ),
)
BOUNDED = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@dataclass(frozen=True)
class Target:
    persona: str  # who sends it ("anonymous" or a persona fixture)
    method: str
    url: object  # place -> path
    fields: tuple[str, ...]  # each gets its own generated text
    base: object = field(default=lambda place: {})  # place -> the rest of a plausible form


def entry_url(name: str, key: str):
    return lambda place: reverse(name, args=[place[key].pk])


def review_answers(place) -> dict:
    return {f"answer_{a['code']}": a["answer"] for a in answers_for("reviewer")}


ENTRY_FIELDS = (
    "link", "display_name", "kind", "minister_mode", "campaign_end", "service",
    "platform_account_id", "team_name", "team_email", "team_phone", "agency", "languages",
    "purpose", "version", "action", "answer_PROFESSIONAL_USE", "note_PROFESSIONAL_USE",
)  # fmt: skip
TARGETS = {
    # Public pages and forms.
    "public verify": Target("anonymous", "get", lambda p: reverse("public:verify"), ("url",)),
    "public directory": Target(
        "anonymous", "get", lambda p: reverse("public:directory"),
        ("q", "ministry", "service", "platform", "state", "page", "sort"),
    ),
    "public ministry": Target(
        "anonymous", "get", lambda p: reverse("public:ministry", args=["finances"]),
        ("q", "page", "platform"),
    ),
    "report form": Target(
        "anonymous", "post", lambda p: reverse("public:report"), ("url", "note", "email")
    ),
    "report form prefilled": Target(
        "anonymous", "get", lambda p: reverse("public:report"), ("url",)
    ),
    # Signing in.
    "sign-in": Target(
        "anonymous", "post", lambda p: reverse("accounts:login"), ("username", "password", "next")
    ),
    "password reset": Target(
        "anonymous", "post", lambda p: reverse("accounts:password-reset"), ("email",)
    ),
    "second factor": Target(
        "reviewer", "post", lambda p: reverse("accounts:two-factor"), ("token", "next")
    ),
    "password change": Target(
        "editor", "post", lambda p: reverse("accounts:password-change"),
        ("old_password", "new_password1", "new_password2"),
    ),
    "invitation": Target(
        "anonymous", "post", lambda p: reverse("workspace:invitation", args=p["invitation"]),
        ("new_password1", "new_password2"),
    ),
    "language switch": Target(
        "anonymous", "post", lambda p: reverse("set_language"), ("language", "next")
    ),
    # The workspace.
    "workspace list": Target(
        "editor", "get", lambda p: reverse("workspace:home"),
        ("q", "status", "platform", "service", "sort", "page"),
    ),
    "register": Target("editor", "post", lambda p: reverse("workspace:entry-create"), ENTRY_FIELDS),
    "edit a draft": Target(
        "editor", "post", entry_url("workspace:entry-edit", "draft"), ENTRY_FIELDS
    ),
    "edit contacts": Target(
        "editor", "post", entry_url("workspace:entry-edit", "verified"),
        ("team_name", "team_email", "team_phone", "agency", "languages", "purpose", "version"),
    ),
    "close": Target(
        "editor", "post", entry_url("workspace:entry-close", "verified"), ("message", "version")
    ),
    "withdraw": Target(
        "editor", "post", entry_url("workspace:entry-withdraw", "submitted"), ("message", "version")
    ),
    "confirm": Target(
        "editor", "post", entry_url("workspace:entry-confirm", "verified"),
        ("version", "answer_PROFESSIONAL_USE", "note_PROFESSIONAL_USE"),
    ),
    "import confirm": Target(
        "editor", "post", lambda p: reverse("workspace:import-confirm"), ("token", "rows")
    ),
    "invite a member": Target(
        "ministry_admin", "post", lambda p: reverse("workspace:members", args=["finances"]),
        ("email", "full_name", "role", "agency"),
    ),
    "change a role": Target(
        "ministry_admin", "post",
        lambda p: reverse("workspace:member-role", args=["finances", p["membership"].pk]),
        ("role",),
        lambda p: {},
    ),
    # The review.
    "queue": Target(
        "reviewer", "get", lambda p: reverse("review:queue"),
        ("need", "status", "ministry", "platform", "reviewer", "assigned", "page", "sort"),
    ),
    "decision": Target(
        "reviewer", "post", entry_url("review:decide", "submitted"),
        ("decision", "reason", "message", "version", "answer_CONTROL_PROVEN", "note_ACTIVE"),
        review_answers,
    ),
    "suspend, assign": Target(
        "reviewer", "post", entry_url("review:act", "verified"),
        ("move", "reason", "message", "assignee", "version"),
    ),
    "report handling": Target(
        "reviewer", "post", lambda p: reverse("review:report-handle", args=[p["report"].pk]),
        (),
        lambda p: {},
    ),
    # The API and the open data.
    "api verify": Target("anonymous", "get", lambda p: reverse("api:verify"), ("url", "lang")),
    "api accounts": Target(
        "anonymous", "get", lambda p: reverse("api:accounts"),
        ("platform", "ministry", "service", "language", "status", "q", "updated_since",
         "page", "page_size", "cursor", "lang", "ordering", "format"),
    ),
    "api account": Target(
        "anonymous", "get", lambda p: reverse("api:account", args=[p["verified"].pk]),
        ("lang", "format"),
    ),
    "api ministries": Target(
        "anonymous", "get", lambda p: reverse("api:ministries"), ("lang", "page", "format")
    ),
    "api platforms": Target("anonymous", "get", lambda p: reverse("api:platforms"), ("lang",)),
    "api schema": Target("anonymous", "get", lambda p: reverse("api:schema"), ("format", "lang")),
    "open data csv": Target("anonymous", "get", lambda p: "/open-data/accounts.csv", ("x",)),
    "feed": Target("anonymous", "get", lambda p: reverse("public:feed"), ("page",)),
}  # fmt: skip


@pytest.fixture
def place(make_entry, reviewer, editor, ministry_admin, ministry_a) -> dict:
    report = Report.objects.create(url="https://x.com/faux", note="?", client_hash="hostile")
    invited = invite_member(
        by=ministry_admin, ministry=ministry_a, email="nina@mfin.example.org",
        full_name="Nina Newcomer", role="editor",
    ).user  # fmt: skip
    return {
        "invitation": (
            urlsafe_base64_encode(force_bytes(invited.pk)),
            invitation_tokens.make_token(invited),
        ),
        "draft": make_entry(Status.DRAFT),
        "submitted": make_entry(Status.SUBMITTED, assigned_reviewer=reviewer),
        "verified": make_entry(Status.VERIFIED),
        "membership": editor.memberships.get(),
        "report": report,
    }


def send(client, target: Target, place: dict, values: dict):
    path, data = target.url(place), target.base(place) | values
    if target.method == "get":
        return client.get(path, data)
    return client.post(path, data)


@pytest.mark.parametrize("name", TARGETS)
@BOUNDED
@given(data=st.data())
def test_hostile_text_in_every_field_never_answers_500(client, request, place, name, data):
    target = TARGETS[name]
    if target.persona != "anonymous":
        client.force_login(request.getfixturevalue(target.persona))
    fields = target.fields
    if name == "report handling":
        pk = place["report"].pk
        fields = (f"r{pk}-status", f"r{pk}-note", f"r{pk}-entry")
    if name == "change a role":
        fields = (f"m{place['membership'].pk}-role",)
    values = {f: data.draw(HOSTILE, label=f) for f in fields}
    response = send(client, target, place, values)
    assert response.status_code in ANSWERS


@BOUNDED
@given(content=HOSTILE, name=HOSTILE)
def test_a_hostile_import_file_is_refused_or_previewed_never_a_500(client, editor, content, name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(editor)
    header = "link,display_name,service,team_name,team_email,languages\n"
    for body in (content, header + content):
        upload = SimpleUploadedFile(name[:200] or "x.csv", body.encode("utf-8", "surrogatepass"))
        response = client.post(reverse("workspace:import"), {"file": upload})
        assert response.status_code in ANSWERS


@BOUNDED
@given(raw=st.binary(max_size=2000))
def test_an_import_file_that_is_not_utf8_is_refused(client, editor, raw):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(editor)
    upload = SimpleUploadedFile("accounts.csv", raw)
    assert client.post(reverse("workspace:import"), {"file": upload}).status_code in ANSWERS


@pytest.mark.parametrize("path", ["/fr/account/login/", "/fr/admin/login/"])
def test_a_sign_in_name_longer_than_an_address_is_refused_not_a_500(client, db, path):
    response = client.post(path, {"username": "a" * 300 + "@x.example", "password": "x"})
    assert response.status_code == 200
    assert "username" in response.context["form"].errors


@pytest.mark.parametrize("path", ["/api/v1/accounts/", "/api/v1/ministries/", "/api/v1/verify/"])
def test_an_unknown_api_format_is_a_json_404_not_a_500(client, db, path):
    response = client.get(path, {"format": "0"})
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
