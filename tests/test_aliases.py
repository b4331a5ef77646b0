"""Entry aliases: other links to an entry's account, declared by the ministry or found by the
watch, checked by the central unit, and answered by the verify page and API once accepted."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.models import Membership
from accounts.roles import REVIEWERS
from registry.aliases import AliasError, accept_alias, add_alias, refuse_alias
from registry.models import AliasSource, AliasStatus, EntryAlias, Move, SocialAccount, Status
from registry.verification import Result, verify_link
from tests.conftest import make_user

CHANNEL_ID = "UCaBcDeFgHiJkLmNoPqRsTuV"


@pytest.fixture
def member_reviewer(ministry_a):
    user = make_user("mira@mfin.example.org", "Mira Memberreviewer")
    user.groups.add(Group.objects.get(name=REVIEWERS))
    Membership.objects.create(user=user, ministry=ministry_a, role=Membership.Role.EDITOR)
    return user


@pytest.fixture
def channel(make_entry) -> SocialAccount:
    """A verified YouTube channel registered by its @handle."""
    return make_entry(
        Status.VERIFIED,
        platform=SocialAccount.Platform.YOUTUBE,
        handle="@gouvlu",
        url="https://www.youtube.com/@gouvlu",
    )


def declare(client, entry, link: str):
    return client.post(reverse("workspace:entry-aliases", args=[entry.pk]), {"link": link})


def test_a_member_declares_a_link_which_awaits_the_central_unit(client, editor, channel):
    client.force_login(editor)
    response = declare(client, channel, "https://www.youtube.com/user/GouvLu")
    assert response.status_code == 302
    alias = channel.aliases.get()
    assert (alias.platform, alias.key, alias.status) == ("youtube", "user/gouvlu", "proposed")
    assert (alias.source, alias.created_by) == (AliasSource.MINISTRY, editor)
    assert verify_link("youtube.com/user/gouvlu").result == Result.NOT_REGISTERED


def test_the_alias_page_lists_the_declared_links_and_their_status(client, editor, channel):
    add_alias(channel, platform="youtube", key="c/gouvlu", source=AliasSource.WATCH)
    client.force_login(editor)
    page = client.get(f"/en/workspace/entries/{channel.pk}/aliases/").content.decode()
    assert "https://www.youtube.com/c/gouvlu" in page
    assert "Awaiting the central unit" in page
    assert "Found by the watch" in page


@pytest.mark.parametrize(
    ("link", "words"),
    [
        ("https://www.youtube.com/@gouvlu", "own link"),
        ("https://x.com/gouvlu", "same platform"),
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "link to a video"),
        ("not a link", "not a link"),
    ],
)
def test_a_link_that_cannot_be_an_alias_is_refused_with_a_reason(
    client, editor, channel, link, words
):
    client.force_login(editor)
    response = client.post(
        f"/en/workspace/entries/{channel.pk}/aliases/", {"link": link}, follow=False
    )
    assert response.status_code == 400
    assert words in response.content.decode()
    assert not channel.aliases.exists()


def test_a_reviewer_accepts_an_alias_in_one_click_and_the_history_records_it(
    client, reviewer, channel
):
    alias = add_alias(channel, platform="youtube", key="user/gouvlu", source=AliasSource.MINISTRY)
    client.force_login(reviewer)
    page = client.get(reverse("review:entry", args=[channel.pk])).content.decode()
    assert reverse("review:alias-accept", args=[alias.pk]) in page
    response = client.post(reverse("review:alias-accept", args=[alias.pk]))
    assert response.status_code == 302
    alias.refresh_from_db()
    assert (alias.status, alias.accepted_by) == (AliasStatus.ACCEPTED, reviewer)
    event = channel.events.last()
    assert (event.move, event.actor, event.message) == (Move.ACCEPT_ALIAS, reviewer, alias.url)
    assert event.to_status == Status.VERIFIED


@pytest.mark.parametrize(
    ("key", "link"),
    [
        ("user/gouvlu", "https://www.youtube.com/user/GouvLu/videos"),
        ("c/gouvlu", "https://www.youtube.com/GouvLu"),
        (CHANNEL_ID, f"https://www.youtube.com/channel/{CHANNEL_ID}"),
    ],
)
def test_the_verify_page_and_api_find_the_entry_by_an_accepted_alias(
    client, reviewer, channel, key, link
):
    accept_alias(add_alias(channel, platform="youtube", key=key, source="ministry"), by=reviewer)
    body = client.get("/api/v1/verify/", {"url": link}).json()
    assert body["result"] == "official"
    assert body["account"]["id"] == channel.pk
    page = client.get("/en/verify/", {"url": link}).content.decode()
    assert "result-official" in page
    assert channel.display_name in page


def test_a_refused_alias_never_answers(client, reviewer, channel):
    alias = add_alias(channel, platform="youtube", key="user/gouvlu", source="watch")
    client.force_login(reviewer)
    client.post(reverse("review:alias-refuse", args=[alias.pk]))
    alias.refresh_from_db()
    assert alias.status == AliasStatus.REFUSED
    assert channel.events.last().move == Move.REFUSE_ALIAS
    assert verify_link("youtube.com/user/gouvlu").result == Result.NOT_REGISTERED


def test_a_decided_alias_cannot_be_decided_again(reviewer, channel):
    alias = add_alias(channel, platform="youtube", key="user/gouvlu", source="watch")
    accept_alias(alias, by=reviewer)
    with pytest.raises(AliasError):
        refuse_alias(alias, by=reviewer)


def test_an_alias_of_another_live_entry_is_refused(reviewer, channel, make_entry):
    other = make_entry(
        Status.VERIFIED, platform="youtube", handle="@autre", url="https://www.youtube.com/@autre"
    )
    add_alias(other, platform="youtube", key="user/gouvlu", source="ministry")
    with pytest.raises(AliasError, match="another entry"):
        add_alias(channel, platform="youtube", key="user/gouvlu", source="ministry")


def test_another_live_entrys_own_link_cannot_be_an_alias(channel, make_entry):
    make_entry(Status.DRAFT, platform="youtube", handle="c/gouvlu", url="https://x.example/")
    with pytest.raises(AliasError, match="registered as another entry"):
        add_alias(channel, platform="youtube", key="c/gouvlu", source="ministry")


def test_a_new_entry_cannot_register_a_link_held_as_an_alias(
    client, editor, channel, register_form
):
    add_alias(channel, platform="youtube", key="user/gouvlu", source="ministry")
    client.force_login(editor)
    client.post(
        reverse("workspace:entry-create"),
        register_form(link="https://www.youtube.com/user/gouvlu", action="draft"),
    )
    assert not SocialAccount.objects.filter(handle="user/gouvlu").exists()


def test_the_watch_may_add_the_same_alias_again_and_gets_the_same_one(channel):
    first = add_alias(channel, platform="youtube", key=CHANNEL_ID, source=AliasSource.WATCH)
    again = add_alias(channel, platform="youtube", key=CHANNEL_ID, source=AliasSource.WATCH)
    assert first == again
    assert first.created_by is None
    assert EntryAlias.objects.count() == 1


def test_a_key_that_is_not_canonical_is_refused(channel):
    with pytest.raises(AliasError):
        add_alias(channel, platform="youtube", key="User/GouvLu", source=AliasSource.WATCH)


def test_an_alias_of_a_withdrawn_entry_is_retired_when_a_live_entry_declares_it(
    channel, make_entry
):
    gone = make_entry(
        Status.SUBMITTED,
        platform="youtube",
        handle="@ancien",
        url="https://www.youtube.com/@ancien",
    )
    old = add_alias(gone, platform="youtube", key="user/gouvlu", source="ministry")
    SocialAccount.objects.filter(pk=gone.pk).update(status=Status.WITHDRAWN)
    new = add_alias(channel, platform="youtube", key="user/gouvlu", source="ministry")
    old.refresh_from_db()
    assert old.status == AliasStatus.RETIRED
    assert new.entry == channel


def test_an_alias_is_never_deleted(channel):
    alias = add_alias(channel, platform="youtube", key="user/gouvlu", source="watch")
    with pytest.raises(PermissionError):
        alias.delete()


def test_a_reviewer_of_the_entrys_ministry_cannot_decide_an_alias(client, member_reviewer, channel):
    alias = add_alias(channel, platform="youtube", key="user/gouvlu", source="ministry")
    client.force_login(member_reviewer)
    assert client.post(reverse("review:alias-accept", args=[alias.pk])).status_code == 403
    alias.refresh_from_db()
    assert alias.status == AliasStatus.PROPOSED


def test_the_editor_of_another_ministry_gets_404_on_the_alias_page(client, other_editor, channel):
    client.force_login(other_editor)
    assert declare(client, channel, "https://www.youtube.com/user/gouvlu").status_code == 404
    assert not channel.aliases.exists()


def test_an_x_name_and_its_user_number_answer_for_one_entry(reviewer, make_entry):
    entry = make_entry(Status.VERIFIED, handle="gouvlu")
    accept_alias(add_alias(entry, platform="x", key="id:783214", source="watch"), by=reviewer)
    assert verify_link("https://twitter.com/intent/user?user_id=783214").entry == entry
    assert verify_link("x.com/@GouvLu").entry == entry


def test_an_entry_with_a_link_to_check_waits_in_the_review_queue_until_decided(
    client, reviewer, channel
):
    from registry.review.queries import Need, review_queue

    alias = add_alias(channel, platform="youtube", key="user/gouvlu", source="watch")
    waiting = review_queue().get(pk=channel.pk)
    assert waiting.need == Need.ALIAS
    assert waiting.waiting_since == alias.created_at
    client.force_login(reviewer)
    page = client.get("/en/review/", {"need": Need.ALIAS}).content.decode()
    assert channel.display_name in page
    accept_alias(alias, by=reviewer)
    assert not review_queue().filter(pk=channel.pk).exists()
