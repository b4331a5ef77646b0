"""Scoping that cannot be bypassed: a member of another ministry walks every workspace URL
(issue 5, requirement 7)."""

import pytest
from django.urls import reverse

from accounts.models import Membership
from registry.models import SocialAccount, Status
from registry.workspace import urls as workspace_urls

# Each workspace URL that names an object, and how to name ministry A's object in it.
OBJECT_URLS = {
    "entry": "entry",
    "entry-edit": "entry",
    "entry-confirm": "entry",
    "entry-withdraw": "entry",
    "entry-close": "entry",
    "entry-reopen": "entry",
    "entry-aliases": "entry",
    "entry-write": "entry",
    "members": "ministry",
    "member-role": "membership",
    "member-remove": "membership",
}
# URLs without an object: they show the person's own ministries only (checked below).
OWN_SCOPE_URLS = {
    "home", "entry-create", "import", "import-confirm", "import-template", "inventory",
}  # fmt: skip
# Public by design, protected by a signed token: checked in test_workspace_members.
TOKEN_URLS = {"invitation"}


def test_the_walk_covers_every_workspace_url():
    names = {pattern.name for pattern in workspace_urls.urlpatterns}
    assert names == set(OBJECT_URLS) | OWN_SCOPE_URLS | TOKEN_URLS


@pytest.fixture
def ministry_a_objects(make_entry, ministry_a, editor, ministry_admin):
    entries = {
        status: make_entry(status) for status in (Status.DRAFT, Status.VERIFIED, Status.CLOSED)
    }
    return {
        "entries": list(entries.values()),
        "ministry": ministry_a,
        "membership": Membership.objects.get(user=editor),
    }


def urls_for(objects) -> list[str]:
    urls = []
    for name, kind in OBJECT_URLS.items():
        if kind == "entry":
            urls += [reverse(f"workspace:{name}", args=[e.pk]) for e in objects["entries"]]
        elif kind == "ministry":
            urls.append(reverse(f"workspace:{name}", args=[objects["ministry"].slug]))
        else:
            urls.append(
                reverse(
                    f"workspace:{name}", args=[objects["ministry"].slug, objects["membership"].pk]
                )
            )
    return urls


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_member_of_another_ministry_gets_404_or_403_on_every_object_url(
    client, other_editor, ministry_a_objects, method
):
    client.force_login(other_editor)
    before = list(SocialAccount.objects.order_by("pk").values_list("pk", "status", "version"))
    for url in urls_for(ministry_a_objects):
        response = getattr(client, method)(url, {"version": 1, "message": "x", "role": "editor"})
        assert response.status_code in (403, 404), url
    after = list(SocialAccount.objects.order_by("pk").values_list("pk", "status", "version"))
    assert after == before
    assert Membership.objects.filter(ministry=ministry_a_objects["ministry"]).count() == 2


def test_an_editor_of_the_same_ministry_cannot_manage_its_members(
    client, editor, ministry_a_objects
):
    client.force_login(editor)
    url = reverse("workspace:members", args=[ministry_a_objects["ministry"].slug])
    assert client.get(url).status_code == 403


def test_pages_without_an_id_show_nothing_of_another_ministry(
    client, other_editor, ministry_a_objects
):
    client.force_login(other_editor)
    for name in ("home", "entry-create", "import"):
        page = client.get(reverse(f"workspace:{name}")).content.decode()
        for entry in ministry_a_objects["entries"]:
            assert entry.display_name not in page
        assert "Inland Revenue" not in page and "Administration des contributions" not in page


def test_a_url_with_a_nonsense_id_is_404(client, editor):
    client.force_login(editor)
    assert client.get("/fr/workspace/entries/99999999/").status_code == 404


def test_the_import_template_names_only_the_persons_own_services(
    client, other_editor, service_a, service_b
):
    client.force_login(other_editor)
    text = client.get(reverse("workspace:import-template")).content.decode("utf-8-sig")
    assert service_b.slug in text
    assert service_a.slug not in text
