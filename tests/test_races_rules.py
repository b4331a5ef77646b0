"""Class 6: "at least one" and "at most one" rules hold under concurrent requests, each on its
own database connection (threads released together by a barrier; no sleeping)."""

import pytest

from accounts.invitations import MembershipError, change_role, invite_member, remove_member
from accounts.models import Membership, User
from registry.models import Report, SocialAccount, Status
from registry.reports import TooManyReports, create_report
from registry.services import DuplicateAccount, update_entry
from tests.conftest import make_user
from tests.test_races_moves import race

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def two_admins(ministry_a, ministry_admin):
    second = make_user("erik@mfin.example.org", "Erik Ministryadmin")
    Membership.objects.create(user=second, ministry=ministry_a, role=Membership.Role.MINISTRY_ADMIN)
    return ministry_admin, second


def membership(user, ministry):
    return Membership.objects.get(user=user, ministry=ministry)


@pytest.mark.parametrize("run", range(4))
def test_two_admins_demoting_each_other_at_once_leave_one_admin(two_admins, ministry_a, run):
    first, second = two_admins
    results = race(
        lambda: change_role(by=first, membership=membership(second, ministry_a), role="editor"),
        lambda: change_role(by=second, membership=membership(first, ministry_a), role="editor"),
    )
    assert Membership.objects.admins().filter(ministry=ministry_a).count() == 1
    assert sum(isinstance(r, MembershipError) for r in results) == 1


@pytest.mark.parametrize("run", range(2))
def test_two_admins_removing_each_other_at_once_leave_one_admin(two_admins, ministry_a, run):
    first, second = two_admins
    race(
        lambda: remove_member(by=first, membership=membership(second, ministry_a)),
        lambda: remove_member(by=second, membership=membership(first, ministry_a)),
    )
    assert Membership.objects.admins().filter(ministry=ministry_a).count() == 1


def test_two_invitations_of_one_new_address_at_once_make_one_person(ministry_admin, ministry_a):
    invite = lambda spelling: lambda: invite_member(  # noqa: E731
        by=ministry_admin, ministry=ministry_a, email=spelling, full_name="Neo",
        role=Membership.Role.EDITOR,
    )  # fmt: skip
    results = race(invite("neo@mfin.example.org"), invite("NEO@mfin.example.org"))
    assert User.objects.filter(email__iexact="neo@mfin.example.org").count() == 1
    assert Membership.objects.filter(user__email="neo@mfin.example.org").count() == 1
    assert all(not isinstance(r, Exception) or isinstance(r, MembershipError) for r in results)


@pytest.mark.parametrize("run", range(2))
def test_simultaneous_reports_from_one_client_stay_within_its_hourly_share(settings, run):
    settings.REPORTS_PER_HOUR_PER_CLIENT = 2

    def send(n: int):
        return lambda: create_report(url=f"https://x.com/faux_compte_{n}", address="203.0.113.9")

    results = race(*(send(n) for n in range(5)))
    assert Report.objects.count() == 2
    assert sum(isinstance(r, TooManyReports) for r in results) == 3


def test_two_drafts_given_the_same_new_link_at_once_are_one_saved_one_refused(make_entry, editor):
    first, second = make_entry(Status.DRAFT), make_entry(Status.DRAFT)
    link = {"platform": "x", "handle": "meme_compte", "url": "https://x.com/meme_compte"}

    def change(entry):
        return lambda: update_entry(entry, by=editor, data=link, version=entry.version)

    results = race(change(first), change(second))
    assert SocialAccount.objects.filter(handle="meme_compte").count() == 1
    refused = [r for r in results if isinstance(r, Exception)]
    assert len(refused) == 1 and isinstance(refused[0], DuplicateAccount)
    holder = SocialAccount.objects.get(handle="meme_compte")
    assert holder.display_name in str(refused[0])  # the message names who holds it
