"""Staff and signed-in answers are never stored by a shared cache: `Cache-Control: private` with
`no-store` (or `no-cache` where the browser may revalidate a public answer) and `Vary: Cookie`,
on every URL of the access matrix for every signed-in role, on every non-public URL for anybody,
and on the admin's pages. Public answers to anonymous visitors keep their public caching."""

import pytest
from django.urls import reverse

from accounts.access import Rule
from tests import test_permission_matrix as matrix
from tests.test_permission_matrix import MATRIX, ROLES, sign_in, url_of
from tests.urlwalk import walk

world = matrix.world  # the matrix's objects: every URL with real arguments

RULES = {route.name: route.rule for route in walk() if route.name in MATRIX}
NOT_PUBLIC = sorted(name for name, rule in RULES.items() if rule != Rule.PUBLIC)


def directives(response) -> set[str]:
    return {d.strip() for d in response.get("Cache-Control", "").split(",") if d.strip()}


def never_shared(response) -> str | None:
    """None when no shared cache may keep the answer; otherwise what is wrong."""
    given = directives(response)
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",")}
    if "private" not in given or "public" in given:
        return f"Cache-Control: {response.get('Cache-Control')!r}"
    if not given & {"no-store", "no-cache"}:
        return f"Cache-Control: {response.get('Cache-Control')!r} (neither no-store nor no-cache)"
    if "cookie" not in vary:
        return f"Vary: {response.get('Vary')!r}"
    return None


def test_the_matrix_has_staff_urls_to_check():
    assert {"review:queue", "workspace:home", "accounts:password-change"} <= set(NOT_PUBLIC)


@pytest.mark.parametrize("role", [role for role in ROLES if role != "anonymous"])
def test_every_answer_to_a_signed_in_person_is_private(client, request, world, role):
    sign_in(client, request, role)
    wrong = {}
    for name in sorted(MATRIX):
        problem = never_shared(client.get(url_of(name, world)))
        if problem:
            wrong[name] = problem
    assert wrong == {}


def test_every_non_public_url_is_private_even_to_an_anonymous_visitor(client, world):
    wrong = {name: never_shared(client.get(url_of(name, world))) for name in NOT_PUBLIC}
    assert {name: problem for name, problem in wrong.items() if problem} == {}


def test_a_staff_page_is_never_stored_at_all(client, reviewer):
    client.force_login(reviewer)
    response = client.get(reverse("review:queue"))
    assert response.status_code == 200
    assert {"private", "no-store"} <= directives(response)


@pytest.mark.parametrize(
    "url",
    [
        reverse("admin:index"),
        reverse("admin:accounts_user_changelist"),
        reverse("admin:outbox_outgoingemail_changelist"),
    ],
)
def test_the_admins_pages_are_private(client, central_admin, url):
    client.force_login(central_admin)
    response = client.get(url)
    assert response.status_code == 200
    assert never_shared(response) is None
    assert "no-store" in directives(response)


def test_the_sign_in_that_sets_the_session_is_private(client, editor):
    from tests.conftest import PASSWORD

    response = client.post(
        reverse("accounts:login"), {"username": editor.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert never_shared(response) is None


def test_a_public_answer_to_an_anonymous_visitor_keeps_its_public_caching(client, world):
    response = client.get(url_of("public:account", world))
    assert "public" in response["Cache-Control"]
    assert "private" not in response["Cache-Control"]


def test_a_public_answer_with_an_etag_may_be_revalidated_by_a_signed_in_browser(
    client, editor, world
):
    client.force_login(editor)
    response = client.get(url_of("api:ministries", world))
    assert response.status_code == 200
    assert response.has_header("ETag")  # the API's answers are everybody's, tagged
    assert directives(response) == {"private", "no-cache"}
    again = client.get(url_of("api:ministries", world), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
