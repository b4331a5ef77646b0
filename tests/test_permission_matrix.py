"""The access policy, URL by URL and role by role: what each person gets on GET, and that a POST
by someone who may not act changes nothing.

Every URL of the URLconf must be in MATRIX (a new URL fails `test_every_url_is_in_the_matrix`
until its row is written). Objects are real: entries of ministry A in the status each page acts
on, ministry B's entry, ministry A's slug, a membership, a citizen's report, an invitation.
"""

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.invitations import invitation_tokens, invite_member
from accounts.models import Membership, MembershipEvent
from registry.aliases import add_alias
from registry.models import (
    EntryAlias,
    EntryChange,
    Observation,
    Report,
    ReviewEvent,
    SocialAccount,
    Status,
)
from tests.conftest import make_user
from tests.urlwalk import in_admin, walk

ROLES = (
    "anonymous",
    "editor",
    "other_editor",
    "agency_user",
    "ministry_admin",
    "reviewer",
    "central_admin",
)
LOGIN = "login"  # 302 to the sign-in page


@pytest.fixture
def world(
    make_entry,
    other_ministry_entry,
    ministry_a,
    editor,
    other_editor,
    agency_user,
    ministry_admin,
    reviewer,
    central_admin,
) -> dict:
    """Everything a URL of the site can point at, ministry A's objects in a useful status."""
    invited = invite_member(
        by=ministry_admin,
        ministry=ministry_a,
        email="nina@mfin.example.org",
        full_name="Nina Newcomer",
        role=Membership.Role.EDITOR,
    )
    forgetful = make_user("olga@mfin.example.org", "Olga Forgetful")  # signs in as no persona
    verified = make_entry(Status.VERIFIED)
    return {
        "draft": make_entry(Status.DRAFT),
        "submitted": make_entry(Status.SUBMITTED, assigned_reviewer=reviewer),
        "verified": verified,
        "alias": add_alias(verified, platform="x", key="id:783214", source="ministry", by=editor),
        "closed": make_entry(Status.CLOSED),
        "other": other_ministry_entry,
        "slug": ministry_a.slug,
        "reviewer_pk": reviewer.pk,
        "membership": editor.memberships.get(),
        "report": Report.objects.create(
            url="https://x.com/faux_gouv", note="Faux compte ?", client_hash="matrix"
        ),
        "invitation": (_uid(invited.user), invitation_tokens.make_token(invited.user)),
        "reset": (_uid(forgetful), default_token_generator.make_token(forgetful)),
    }


def _uid(user) -> str:
    return urlsafe_base64_encode(force_bytes(user.pk))


# Which object each URL with arguments points at (ministry A's, in the status the page acts on).
ENTRY_OF = {
    "public:account": "verified",
    "badge": "verified",
    "api:account": "verified",
    "workspace:entry": "draft",
    "workspace:entry-edit": "draft",
    "workspace:entry-confirm": "verified",
    "workspace:entry-withdraw": "submitted",
    "workspace:entry-close": "verified",
    "workspace:entry-reopen": "closed",
    "workspace:entry-aliases": "verified",
    "workspace:entry-write": "verified",
    "review:entry": "submitted",
    "review:decide": "submitted",
    "review:act": "verified",
    "review:watch-check": "verified",
}


def url_of(name: str, world: dict, *, entry: str | None = None) -> str:
    """The URL `name` with real arguments; `entry` picks another entry ("other": ministry B's)."""
    if name in ENTRY_OF:
        return reverse(name, args=[world[entry or ENTRY_OF[name]].pk])
    if name == "public:ministry" or name == "workspace:members":
        return reverse(name, kwargs={"slug": world["slug"]})
    if name in ("workspace:member-role", "workspace:member-remove"):
        return reverse(name, kwargs={"slug": world["slug"], "pk": world["membership"].pk})
    if name == "review:report-handle":
        return reverse(name, args=[world["report"].pk])
    if name in ("review:alias-accept", "review:alias-refuse"):
        return reverse(name, args=[world["alias"].pk])
    if name == "workspace:invitation":
        return reverse(name, args=world["invitation"])
    if name == "accounts:password-reset-confirm":
        return reverse(name, args=world["reset"])
    if name == "sitemap-section":
        return reverse(name, kwargs={"section": "accounts"})
    if name == "api:not-found":
        return "/api/v1/nothing-here/"
    return reverse(name)


def site_url_names() -> set[str]:
    return {route.name for route in walk() if route.name and not in_admin(route)}


# The policy. Columns, in order: anonymous, editor (A), other_editor (B), agency_user (A, agency),
# ministry_admin (A), reviewer, central_admin. LOGIN: 302 to the sign-in page; "302": another
# redirect. Entries are ministry A's (see ENTRY_OF); the agency's staff see only their agency's.
def everyone(code):
    return (code,) * len(ROLES)


SIGNED_IN = (LOGIN, 200, 200, 200, 200, 200, 200)
CENTRAL_UNIT = (LOGIN, 403, 403, 403, 403, 200, 200)
CENTRAL_UNIT_POST_ONLY = (LOGIN, 403, 403, 403, 403, 405, 405)
MINISTRY_A_ENTRY = (LOGIN, 200, 404, 404, 200, 403, 403)
ANY_MEMBER = (LOGIN, 200, 200, 200, 200, 403, 403)
MINISTRY_A_ADMIN = (LOGIN, 403, 404, 403, 200, 403, 403)

MATRIX: dict[str, tuple] = {
    # Operations and the language switch.
    "healthz": everyone(200),
    "metrics": everyone(404),  # only the scraper's address or token (tests/test_metrics.py)
    "set_language": everyone("302"),
    # Public pages, open data and the API: everyone, signed in or not.
    "public:directory": everyone(200),
    "public:verify": everyone(200),
    "public:report": everyone(200),
    "public:report-sent": everyone(200),
    "public:account": everyone(200),
    "public:ministry": everyone(200),
    "public:feed": everyone(200),
    "public:accessibility": everyone(200),
    "public:privacy": everyone(200),
    "public:extension": everyone(200),
    "public:embed": everyone(200),
    "badge": everyone(200),
    "official-accounts": everyone(200),
    "official-accounts-signature": everyone(200),
    "official-accounts-key": everyone(200),
    # The public log (docs/transparency.md): programs read it; this world's log is empty.
    "transparency:checkpoint": everyone(404),  # nothing signed yet
    "transparency:key": everyone(200),
    "transparency:entries": everyone(400),  # no start and end given
    "transparency:inclusion": everyone(400),
    "transparency:consistency": everyone(400),
    "transparency:root": everyone(400),
    "transparency:cosignature": everyone(405),  # POST only, by witnesses
    "transparency:feed": everyone(200),
    "open-data-csv": everyone(200),
    "open-data-json": everyone(200),
    "open-data-xlsx": everyone(200),
    "open-data-datapackage": everyone(200),
    "open-data-dcat": everyone(200),
    "open-data-json-schema": everyone(200),
    "official-accounts-schema": everyone(200),
    # What search engines and security researchers read at the site's root.
    "robots": everyone(200),
    "sitemap": everyone(200),
    "sitemap-section": everyone(200),
    "security-txt": everyone(200),
    "change-password": everyone("302"),  # to the password form (which asks to sign in)
    "favicon": everyone(200),
    "csp-report": everyone(405),  # browsers POST their reports
    "api:verify": everyone(400),  # no link given
    "api:accounts": everyone(200),
    "api:account": everyone(200),
    "api:ministries": everyone(200),
    "api:platforms": everyone(200),
    "api:schema": everyone(200),
    "api:docs": everyone(200),
    "api:not-found": everyone(404),
    # The WebSub hub: subscribers POST to it (tests/test_push_websub.py); a GET is refused.
    "websub-hub": everyone(405),
    # The Bluesky labeler (tests/test_push_labeler.py): no URI pattern asked; no key here.
    "xrpc-query-labels": everyone(400),
    "labeler-did": everyone(404),
    # Signing in and out, passwords.
    "accounts:home": (LOGIN, "302", "302", "302", "302", "302", "302"),
    "accounts:login": (200, "302", "302", "302", "302", "302", "302"),
    "accounts:logout": everyone(405),  # POST only
    "accounts:two-factor": SIGNED_IN,
    "accounts:password-change": SIGNED_IN,
    "accounts:password-change-done": SIGNED_IN,
    "accounts:password-reset": everyone(200),
    "accounts:password-reset-done": everyone(200),
    "accounts:password-reset-confirm": everyone("302"),  # a valid link: on to the form
    "accounts:password-reset-complete": everyone(200),
    # Sign-in through the identity provider: absent (404) while no provider is configured, as
    # here; with one, tests/test_signin_provider.py walks them. Back from the provider's sign-out:
    # on to the public directory.
    "oidc:start": everyone(404),
    "oidc:callback": everyone(404),
    "oidc:signed-out": everyone("302"),
    # The workspace: members of a ministry; another ministry's entry does not exist for them.
    "workspace:home": ANY_MEMBER,
    "workspace:entry-create": ANY_MEMBER,
    "workspace:import": ANY_MEMBER,
    "workspace:import-template": ANY_MEMBER,
    "workspace:inventory": ANY_MEMBER,
    "workspace:import-confirm": (LOGIN, 405, 405, 405, 405, 403, 403),  # POST only
    "workspace:entry": MINISTRY_A_ENTRY,
    "workspace:entry-edit": MINISTRY_A_ENTRY,
    "workspace:entry-withdraw": MINISTRY_A_ENTRY,
    "workspace:entry-close": MINISTRY_A_ENTRY,
    "workspace:entry-reopen": MINISTRY_A_ENTRY,
    "workspace:entry-confirm": (LOGIN, "302", 404, 404, "302", 403, 403),  # not due yet
    "workspace:entry-aliases": MINISTRY_A_ENTRY,
    "workspace:entry-write": MINISTRY_A_ENTRY,
    "workspace:members": MINISTRY_A_ADMIN,
    "workspace:member-role": (LOGIN, 403, 404, 403, "302", 403, 403),  # GET: back to the list
    "workspace:member-remove": MINISTRY_A_ADMIN,
    "workspace:invitation": everyone(200),  # the link is the key
    # The central unit's review.
    "review:queue": CENTRAL_UNIT,
    "review:entry": CENTRAL_UNIT,
    "review:reports": CENTRAL_UNIT,
    "review:dashboard": CENTRAL_UNIT,
    "review:decide": CENTRAL_UNIT_POST_ONLY,
    "review:act": CENTRAL_UNIT_POST_ONLY,
    "review:watch-check": CENTRAL_UNIT_POST_ONLY,
    "review:report-handle": CENTRAL_UNIT_POST_ONLY,
    "review:bulk-assign": CENTRAL_UNIT_POST_ONLY,
    "review:alias-accept": CENTRAL_UNIT_POST_ONLY,
    "review:alias-refuse": CENTRAL_UNIT_POST_ONLY,
}


def answer_of(response):
    if response.status_code != 302:
        return response.status_code
    return LOGIN if response["Location"].split("?")[0].endswith("/login/") else "302"


def sign_in(client, request, role: str):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))


def test_every_url_of_the_site_is_in_the_matrix():
    assert sorted(site_url_names() - MATRIX.keys()) == [], "add these URLs to MATRIX"
    assert sorted(MATRIX.keys() - site_url_names()) == [], "these URLs no longer exist"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_the_matrix_says_on_every_url(client, request, world, role):
    sign_in(client, request, role)
    column = ROLES.index(role)
    got = {name: answer_of(client.get(url_of(name, world))) for name in sorted(MATRIX)}
    wrong = {
        name: f"expected {MATRIX[name][column]}, got {answer}"
        for name, answer in got.items()
        if answer != MATRIX[name][column]
    }
    assert wrong == {}


WORKSPACE_ENTRY_URLS = [
    name for name in MATRIX if name.startswith("workspace:entry-") and name in ENTRY_OF
]


@pytest.mark.parametrize("role", ["editor", "agency_user", "ministry_admin"])
def test_ministry_b_does_not_exist_for_ministry_a_in_the_workspace(client, request, world, role):
    sign_in(client, request, role)
    urls = [
        url_of(name, world, entry="other") for name in ["workspace:entry", *WORKSPACE_ENTRY_URLS]
    ]
    urls.append(reverse("workspace:members", kwargs={"slug": "sante"}))
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"version": 1}).status_code == 404, url


def test_the_agency_staff_see_their_agencys_entries(client, agency_user, agency, make_entry):
    entry = make_entry(Status.DRAFT, agency=agency)
    client.force_login(agency_user)
    assert client.get(reverse("workspace:entry", args=[entry.pk])).status_code == 200


# POSTs that change state: who may (checked first, so the data is known to work), and who may
# not (nothing changes). `None`: no positive control here (the page needs a session or a due date).
MEMBERS_A = ("editor", "agency_user", "ministry_admin")
OUTSIDERS = ("anonymous", "reviewer", "central_admin")
NOT_CENTRAL_UNIT = ("anonymous", "editor", "other_editor", "agency_user", "ministry_admin")
NOT_ADMIN_OF_A = ("anonymous", "editor", "other_editor", "agency_user", "reviewer", "central_admin")
ENTRY_OUTSIDERS = ("anonymous", "other_editor", "agency_user", "reviewer", "central_admin")


def post_data(name: str, world: dict, register_form) -> dict:
    entry = world.get(ENTRY_OF.get(name, ""))
    version = {"version": entry.version} if entry else {}
    pk = world["membership"].pk
    return {
        "workspace:entry-create": lambda: register_form(),
        "workspace:entry-edit": lambda: register_form(display_name="Pirate", **version),
        "workspace:entry-withdraw": lambda: version | {"message": ""},
        "workspace:entry-close": lambda: version | {"message": "Fin."},
        "workspace:entry-reopen": lambda: version | {"message": "Réactivé."},
        "workspace:entry-confirm": lambda: version,
        "workspace:entry-aliases": lambda: {"link": "https://twitter.com/i/user/990001"},
        "workspace:entry-write": lambda: version | {"message": "Une question."},
        "workspace:import-confirm": lambda: {},
        "workspace:members": lambda: {
            "email": "zoe@mfin.example.org",
            "full_name": "Zoé Intruse",
            "role": "ministry_admin",
        },
        "workspace:member-role": lambda: {f"m{pk}-role": "ministry_admin"},
        "workspace:member-remove": lambda: {},
        "review:decide": lambda: (
            version | {"decision": "reject", "reason": "NOT_OFFICIAL", "message": "Faux."}
        ),
        "review:act": lambda: (
            version | {"move": "suspend", "reason": "COMPROMISED", "message": "Piraté."}
        ),
        "review:bulk-assign": lambda: {
            "entries": [world["verified"].pk],
            f"version_{world['verified'].pk}": world["verified"].version,
            "assignee": world["reviewer_pk"],
        },
        "review:alias-accept": lambda: {},
        "review:alias-refuse": lambda: {},
        "review:watch-check": lambda: {},
        "review:report-handle": lambda: {
            f"r{world['report'].pk}-status": "dismissed",
            f"r{world['report'].pk}-note": "Rien.",
        },
    }[name]()


POSTS: dict[str, tuple[str | None, tuple[str, ...]]] = {
    "workspace:entry-create": ("editor", OUTSIDERS),
    "workspace:entry-edit": ("editor", ENTRY_OUTSIDERS),
    "workspace:entry-withdraw": ("editor", ENTRY_OUTSIDERS),
    "workspace:entry-close": ("editor", ENTRY_OUTSIDERS),
    "workspace:entry-reopen": ("editor", ENTRY_OUTSIDERS),
    "workspace:entry-confirm": (None, ENTRY_OUTSIDERS),
    "workspace:entry-aliases": ("editor", ENTRY_OUTSIDERS),
    "workspace:entry-write": ("editor", ENTRY_OUTSIDERS),
    "workspace:import-confirm": (None, OUTSIDERS),
    "workspace:members": ("ministry_admin", NOT_ADMIN_OF_A),
    "workspace:member-role": ("ministry_admin", NOT_ADMIN_OF_A),
    "workspace:member-remove": ("ministry_admin", NOT_ADMIN_OF_A),
    "review:decide": ("reviewer", NOT_CENTRAL_UNIT),
    "review:act": ("reviewer", NOT_CENTRAL_UNIT),
    "review:watch-check": (None, NOT_CENTRAL_UNIT),  # reads a platform: tests/test_watch_review.py
    "review:report-handle": ("reviewer", NOT_CENTRAL_UNIT),
    "review:bulk-assign": ("reviewer", NOT_CENTRAL_UNIT),
    "review:alias-accept": ("reviewer", NOT_CENTRAL_UNIT),
    "review:alias-refuse": ("reviewer", NOT_CENTRAL_UNIT),
}


def snapshot() -> tuple:
    """Everything a POST of the site could change."""
    return (
        list(
            SocialAccount.objects.order_by("pk").values_list(
                "pk", "status", "version", "display_name", "handle", "assigned_reviewer"
            )
        ),
        ReviewEvent.objects.count(),
        EntryChange.objects.count(),
        list(Membership.objects.order_by("pk").values_list("pk", "user", "role")),
        MembershipEvent.objects.count(),
        list(Report.objects.order_by("pk").values_list("pk", "status", "handling_note")),
        list(EntryAlias.objects.order_by("pk").values_list("pk", "status", "entry")),
        Observation.objects.count(),
    )


@pytest.mark.parametrize(("name", "allowed"), [(n, a) for n, (a, _) in POSTS.items() if a])
def test_the_allowed_role_can_post_this_data(client, request, world, register_form, name, allowed):
    """The positive control: the same POST by the right person does change the register."""
    before = snapshot()
    sign_in(client, request, allowed)
    response = client.post(url_of(name, world), post_data(name, world, register_form))
    assert response.status_code == 302
    assert snapshot() != before


@pytest.mark.parametrize(
    ("name", "role"), [(name, role) for name, (_, refused) in POSTS.items() for role in refused]
)
def test_a_post_by_someone_who_may_not_changes_nothing(
    client, request, world, register_form, name, role
):
    before = snapshot()
    sign_in(client, request, role)
    response = client.post(url_of(name, world), post_data(name, world, register_form))
    assert answer_of(response) in (LOGIN, 403, 404, 405)
    assert snapshot() == before


def test_every_state_changing_url_is_in_the_post_table():
    """Each URL whose views accept POST and change data (public forms, sign-in aside)."""
    public_or_own = {
        "public:report", "public:verify", "set_language", "workspace:invitation",
        "accounts:login", "accounts:logout", "accounts:two-factor", "accounts:password-change",
        "accounts:password-reset", "accounts:password-reset-confirm",
    }  # fmt: skip
    workspace_and_review = {
        name for name in MATRIX if name.split(":")[0] in ("workspace", "review")
    }
    gets_only = {
        "workspace:home", "workspace:entry", "workspace:import", "review:queue", "review:entry",
        "review:reports", "review:dashboard", "workspace:import-template", "workspace:inventory",
    }  # fmt: skip
    assert workspace_and_review - gets_only - public_or_own == POSTS.keys()
