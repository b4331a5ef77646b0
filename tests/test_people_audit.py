"""Audit of people: every change of a central role or a membership made in the admin is recorded."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts import services
from accounts.models import Membership, MembershipEvent
from accounts.roles import CENTRAL_ADMINS, REVIEWERS

Action = MembershipEvent.Action


def change_form(user, *, groups=(), memberships=()) -> dict:
    """What the admin's user form posts: the person, their groups, their memberships inline."""
    data = {
        "email": user.email, "full_name": user.full_name, "language": user.language,
        "is_active": "on", "groups": [Group.objects.get(name=g).pk for g in groups],
        "memberships-TOTAL_FORMS": str(len(memberships)), "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0", "memberships-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    existing = {m.ministry_id: m for m in user.memberships.all()}
    data["memberships-INITIAL_FORMS"] = str(sum(1 for m in memberships if m[0].pk in existing))
    ordered = sorted(memberships, key=lambda m: m[0].pk not in existing)  # initial forms first
    for i, (ministry, role, delete) in enumerate(ordered):
        found = existing.get(ministry.pk)
        data |= {
            f"memberships-{i}-id": str(found.pk) if found else "",
            f"memberships-{i}-user": str(user.pk),
            f"memberships-{i}-ministry": str(ministry.pk),
            f"memberships-{i}-role": role,
            f"memberships-{i}-agency": "",
        }
        if delete:
            data[f"memberships-{i}-DELETE"] = "on"
    return data


def save_in_admin(client, user, **form):
    response = client.post(
        reverse("admin:accounts_user_change", args=[user.pk]), change_form(user, **form)
    )
    assert response.status_code == 302, (
        response.context["adminform"].form.errors if response.context else ""
    )
    return list(MembershipEvent.objects.filter(user=user).order_by("id"))


@pytest.mark.parametrize(
    ("before", "after", "old_value", "new_value"),
    [
        ([], [REVIEWERS], "", "reviewers"),
        ([REVIEWERS], [CENTRAL_ADMINS], "reviewers", "central_admins"),
        ([REVIEWERS, CENTRAL_ADMINS], [], "central_admins, reviewers", ""),
    ],
)
def test_a_central_role_change_in_the_admin_is_recorded_with_who_and_what(
    client, central_admin, superuser, editor, ministry_a, before, after, old_value, new_value
):
    editor.groups.set(Group.objects.filter(name__in=before))
    # Only a superuser changes central staff's roles (tests/test_admin_people.py).
    actor = superuser if before else central_admin
    client.force_login(actor)
    events = save_in_admin(
        client, editor, groups=after, memberships=[(ministry_a, "editor", False)]
    )
    assert [(e.action, e.old_value, e.new_value, e.actor) for e in events] == [
        (Action.GROUP_CHANGED, old_value, new_value, actor)
    ]
    assert sorted(editor.groups.values_list("name", flat=True)) == sorted(after)


def test_saving_a_person_without_a_change_records_nothing(
    client, central_admin, editor, ministry_a
):
    client.force_login(central_admin)
    assert save_in_admin(client, editor, memberships=[(ministry_a, "editor", False)]) == []


def test_membership_changes_in_the_admin_are_recorded_per_ministry(
    client, central_admin, editor, ministry_a, ministry_b
):
    client.force_login(central_admin)
    events = save_in_admin(
        client,
        editor,
        memberships=[(ministry_a, "ministry_admin", False), (ministry_b, "editor", False)],
    )
    assert {(e.action, e.ministry, e.old_value, e.new_value) for e in events} == {
        (Action.ROLE_CHANGED, ministry_a, "editor", "ministry_admin"),
        (Action.ADDED, ministry_b, "", "editor"),
    }
    removed = save_in_admin(
        client,
        editor,
        memberships=[(ministry_a, "ministry_admin", True), (ministry_b, "editor", False)],
    )[-1]
    assert (removed.action, removed.ministry, removed.old_value, removed.actor) == (
        Action.REMOVED, ministry_a, "ministry_admin", central_admin,
    )  # fmt: skip
    assert not Membership.objects.filter(user=editor, ministry=ministry_a).exists()


def test_central_admins_see_the_people_audit_in_the_admin(client, central_admin, editor):
    services.record_group_change(user=editor, actor=central_admin, old=set(), new={REVIEWERS})
    client.force_login(central_admin)
    page = client.get(reverse("admin:accounts_membershipevent_changelist")).content.decode()
    assert "Alice Editor" in page and "Reviewer" in page and "Carl Centraladmin" in page
    assert "reviewers" not in page  # the central role by its name, not its group's code


def test_the_people_audit_cannot_be_written_changed_or_deleted_from_the_admin(
    client, central_admin, editor
):
    event = services.record_group_change(
        user=editor, actor=central_admin, old=set(), new={REVIEWERS}
    )
    client.force_login(central_admin)
    assert client.get(reverse("admin:accounts_membershipevent_add")).status_code == 403
    assert (
        client.post(reverse("admin:accounts_membershipevent_delete", args=[event.pk])).status_code
        == 403
    )
    client.post(
        reverse("admin:accounts_membershipevent_change", args=[event.pk]),
        {"new_value": "central_admins"},
    )
    event.refresh_from_db()
    assert event.new_value == "reviewers"


def test_the_service_records_nothing_when_nothing_changed(editor):
    assert (
        services.record_group_change(user=editor, actor=None, old={REVIEWERS}, new={REVIEWERS})
        is None
    )
    assert (
        services.record_membership_changes(
            user=editor, actor=None, old={1: "editor"}, new={1: "editor"}
        )
        == []
    )


# --- The memberships' own admin pages record the same events --------------------------------


def membership_form(membership, **changes) -> dict:
    data = {
        "user": membership.user_id,
        "ministry": membership.ministry_id,
        "role": membership.role,
        "agency": membership.agency_id or "",
    }
    return data | changes


def events_of(user) -> list[tuple]:
    return [
        (e.action, e.ministry_id, e.old_value, e.new_value, e.actor_id)
        for e in MembershipEvent.objects.filter(user=user).order_by("id")
    ]


def test_adding_a_membership_in_its_admin_page_is_recorded(
    client, central_admin, editor, ministry_b
):
    client.force_login(central_admin)
    data = {"user": editor.pk, "ministry": ministry_b.pk, "role": "ministry_admin", "agency": ""}
    response = client.post(reverse("admin:accounts_membership_add"), data)
    assert response.status_code == 302
    assert events_of(editor) == [
        (Action.ADDED, ministry_b.pk, "", "ministry_admin", central_admin.pk)
    ]


def test_changing_a_role_in_the_membership_admin_page_is_recorded(
    client, central_admin, editor, ministry_a
):
    membership = editor.memberships.get()
    client.force_login(central_admin)
    response = client.post(
        reverse("admin:accounts_membership_change", args=[membership.pk]),
        membership_form(membership, role="ministry_admin"),
    )
    assert response.status_code == 302
    assert events_of(editor) == [
        (Action.ROLE_CHANGED, ministry_a.pk, "editor", "ministry_admin", central_admin.pk)
    ]


def test_moving_a_membership_to_another_person_is_recorded_for_both(
    client, central_admin, editor, other_editor, ministry_a
):
    membership = editor.memberships.get()
    client.force_login(central_admin)
    client.post(
        reverse("admin:accounts_membership_change", args=[membership.pk]),
        membership_form(membership, user=other_editor.pk),
    )
    assert events_of(editor) == [(Action.REMOVED, ministry_a.pk, "editor", "", central_admin.pk)]
    assert events_of(other_editor) == [
        (Action.ADDED, ministry_a.pk, "", "editor", central_admin.pk)
    ]


def test_deleting_a_membership_in_its_admin_page_is_recorded(
    client, central_admin, editor, ministry_a
):
    membership = editor.memberships.get()
    client.force_login(central_admin)
    response = client.post(
        reverse("admin:accounts_membership_delete", args=[membership.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert events_of(editor) == [(Action.REMOVED, ministry_a.pk, "editor", "", central_admin.pk)]


def test_the_bulk_delete_action_records_one_event_per_membership(
    client, central_admin, editor, ministry_admin, ministry_a
):
    chosen = list(Membership.objects.filter(user__in=[editor, ministry_admin]).values_list("pk"))
    client.force_login(central_admin)
    response = client.post(
        reverse("admin:accounts_membership_changelist"),
        {"action": "delete_selected", "_selected_action": [pk for (pk,) in chosen], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Membership.objects.filter(pk__in=[pk for (pk,) in chosen]).exists()
    assert events_of(editor) == [(Action.REMOVED, ministry_a.pk, "editor", "", central_admin.pk)]
    assert events_of(ministry_admin) == [
        (Action.REMOVED, ministry_a.pk, "ministry_admin", "", central_admin.pk)
    ]
