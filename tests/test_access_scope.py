"""Who may see and change which entry, and who may not review it, is one rule in three forms
(registry.models.scope): the predicate on one entry (`can_edit`, `is_conflicted`), the entries a
person's workspace shows (`for_member`, the review queue), and the people an entry's e-mails go
to. For every person and entry of the table, the three forms agree."""

import pytest

from accounts.models import User
from registry import emails
from registry.models import SocialAccount, Status
from registry.models.scope import (
    entries_conflicting,
    memberships_covering,
    people_conflicting,
)
from registry.permissions import can_edit, is_conflicted

PEOPLE = ["editor", "other_editor", "agency_user", "ministry_admin", "reviewer", "member_reviewer"]


@pytest.fixture
def entries(make_entry, agency, service_b):
    return {
        "own ministry": make_entry(Status.VERIFIED),
        "own ministry, by the agency": make_entry(Status.VERIFIED, agency=agency),
        "other ministry": make_entry(Status.VERIFIED, service=service_b),
        "other ministry, by the agency": make_entry(
            Status.VERIFIED, service=service_b, agency=agency
        ),
    }


@pytest.mark.parametrize("person", PEOPLE)
def test_the_workspace_shows_exactly_the_entries_a_person_may_edit(request, entries, person):
    user = request.getfixturevalue(person)
    shown = set(SocialAccount.objects.for_member(user))
    assert shown == {entry for entry in entries.values() if can_edit(user, entry)}


@pytest.mark.parametrize("person", PEOPLE)
def test_the_ministrys_mail_goes_to_exactly_those_who_may_edit(request, entries, person):
    user = request.getfixturevalue(person)
    for entry in entries.values():
        covering = memberships_covering(entry.service.ministry_id, entry.agency_id, "memberships__")
        assert User.objects.filter(covering, pk=user.pk).exists() == can_edit(user, entry)
        readers = {email for email, _language in emails.ministry_readers(entry)}
        assert (user.email in readers) == can_edit(user, entry)


@pytest.mark.parametrize("person", PEOPLE)
def test_the_conflict_of_interest_is_the_same_rule_for_entries_and_people(request, entries, person):
    user = request.getfixturevalue(person)
    memberships = list(user.memberships.all())
    for entry in entries.values():
        blocked = SocialAccount.objects.filter(entries_conflicting(memberships), pk=entry.pk)
        people = User.objects.filter(people_conflicting(entry.service.ministry_id), pk=user.pk)
        assert blocked.exists() == people.exists() == is_conflicted(user, entry)


@pytest.mark.parametrize(
    ("person", "entry", "may_edit"),
    [
        ("editor", "own ministry", True),
        ("editor", "own ministry, by the agency", True),
        ("editor", "other ministry", False),
        ("agency_user", "own ministry", False),
        ("agency_user", "own ministry, by the agency", True),
        ("agency_user", "other ministry, by the agency", False),
        ("reviewer", "own ministry", False),
        ("member_reviewer", "own ministry", True),
    ],
)
def test_the_rule_itself(request, entries, person, entry, may_edit):
    assert can_edit(request.getfixturevalue(person), entries[entry]) is may_edit
