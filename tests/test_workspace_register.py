"""Registering an account in the workspace (issue 5, requirement 2)."""

import pytest
from django.urls import reverse, reverse_lazy

from accounts.models import ExternalAgency, Membership
from outbox.models import OutgoingEmail
from registry import emails, services
from registry.models import ChecklistItem, Move, SocialAccount, Status

URL = reverse_lazy("workspace:entry-create")


def test_editor_registers_an_account_as_a_draft(client, editor, register_form):
    client.force_login(editor)
    response = client.post(URL, register_form())
    entry = SocialAccount.objects.get(handle="gouvlu")
    assert response.status_code == 302
    assert response.url == reverse("workspace:entry", args=[entry.pk])
    assert entry.status == Status.DRAFT
    assert entry.platform == "x"
    assert entry.created_by == editor
    assert [e.move for e in entry.events.all()] == [Move.CREATE]
    assert entry.self_assessment["FUNCTIONAL_EMAIL"]["answer"] == "meets"


def test_editor_registers_and_submits_in_one_step_and_reviewers_hear_of_it(
    client, editor, reviewer, register_form, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, register_form(action="submit"))
    entry = SocialAccount.objects.get(handle="gouvlu")
    assert entry.status == Status.SUBMITTED
    assert [e.move for e in entry.events.all()] == [Move.CREATE, Move.SUBMIT]
    # The e-mail itself links to the review pages (another issue); here: it is scheduled, to whom.
    assert emails.reviewer_recipients(entry) == [reviewer.email]
    assert OutgoingEmail.objects.filter(recipient=reviewer.email).exists()


def test_submitting_needs_every_self_assessment_answer(client, editor, register_form):
    client.force_login(editor)
    response = client.post(URL, register_form(action="submit", answer_FUNCTIONAL_EMAIL=None))
    assert "Answer this question." in response.content.decode()
    assert not SocialAccount.objects.exists()


def test_a_draft_may_leave_questions_unanswered(client, editor, register_form):
    client.force_login(editor)
    client.post(URL, register_form(answer_FUNCTIONAL_EMAIL=None))
    entry = SocialAccount.objects.get(handle="gouvlu")
    assert "FUNCTIONAL_EMAIL" not in entry.self_assessment


@pytest.mark.parametrize("link", ["not a link", "https://example.org/page", ""])
def test_a_refused_link_shows_the_parsers_message_next_to_the_field(
    client, editor, register_form, link
):
    client.force_login(editor)
    response = client.post(URL, register_form(link=link))
    assert response.status_code == 200
    assert 'id="id_link_error"' in response.content.decode()
    assert not SocialAccount.objects.exists()


def test_checking_the_link_says_back_the_platform_and_handle(client, editor):
    client.force_login(editor)
    response = client.post(URL, {"link": "https://www.instagram.com/gouvlu/", "action": "check"})
    page = response.content.decode()
    assert "Instagram account @gouvlu" in page
    assert "This field is required" not in page
    assert not SocialAccount.objects.exists()


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED, Status.VERIFIED, Status.CLOSED])
def test_a_live_duplicate_is_refused_naming_the_ministry_that_holds_it(
    client, editor, register_form, make_entry, service_b, status
):
    make_entry(status, handle="gouvlu", service=service_b)
    client.force_login(editor)
    response = client.post(URL, register_form(link="https://twitter.com/GouvLu"))
    assert "already registered by Ministry of Health" in response.content.decode()
    assert SocialAccount.objects.filter(handle="gouvlu").count() == 1


def test_a_withdrawn_entry_does_not_block_a_new_registration(
    client, editor, register_form, make_entry
):
    make_entry(Status.WITHDRAWN, handle="gouvlu")
    client.force_login(editor)
    client.post(URL, register_form())
    assert SocialAccount.objects.filter(handle="gouvlu", status=Status.DRAFT).exists()


def test_a_service_of_another_ministry_is_refused(client, editor, register_form, service_b):
    client.force_login(editor)
    response = client.post(URL, register_form(service=service_b.pk))
    assert "Choose a service of your own ministry." in response.content.decode()
    assert not SocialAccount.objects.exists()


def test_the_service_list_offers_only_the_members_ministries(client, editor, service_a, service_b):
    client.force_login(editor)
    page = client.get(URL).content.decode()
    assert service_a.name_en in page or service_a.name_fr in page
    assert service_b.name_fr not in page and service_b.name_en not in page


@pytest.mark.parametrize(
    ("email", "warned"),
    [
        ("jean.dupont@mfin.example.org", True),
        ("communication.presse@mfin.example.org", False),
        ("comptegouv@gmail.com", True),
        ("presse@outlook.com", True),
        ("x@web.de", True),
        ("communication@mfin.example.org", False),
    ],
)
def test_a_personal_looking_email_gets_a_warning_citing_the_guide(
    client, editor, register_form, email, warned
):
    client.force_login(editor)
    response = client.post(URL, register_form(team_email=email, display_name=""))
    before_phone = response.content.decode().split("id_team_phone")[0]
    assert ("The guide asks for a functional mailbox" in before_phone) is warned


def test_a_personal_email_is_a_warning_not_an_error(client, editor, register_form):
    client.force_login(editor)
    client.post(URL, register_form(team_email="jean.dupont@gmail.com"))
    assert SocialAccount.objects.filter(team_email="jean.dupont@gmail.com").exists()


def test_the_form_shows_every_self_assessment_question_of_the_ministry(client, editor):
    client.force_login(editor)
    page = client.get(URL).content.decode()
    for item in ChecklistItem.objects.for_ministry():
        assert f'name="answer_{item.code}"' in page
    assert 'name="answer_CONTROL_PROVEN"' not in page


def test_an_agency_member_can_only_register_entries_of_their_agency(
    client, agency_user, agency, register_form
):
    client.force_login(agency_user)
    client.post(URL, register_form(agency=agency.pk))
    assert SocialAccount.objects.get(handle="gouvlu").agency == agency


def test_an_agency_member_of_two_agencies_must_name_theirs(
    client, agency_user, register_form, ministry_b
):
    # With one agency there is nothing to name: tests/test_workspace_agency.py.
    other = ExternalAgency.objects.create(name="Agence Ombre", contact_email="o@ombre.example")
    Membership.objects.create(
        user=agency_user, ministry=ministry_b, role=Membership.Role.EDITOR, agency=other
    )
    client.force_login(agency_user)
    response = client.post(URL, register_form())
    assert response.status_code == 200
    assert not SocialAccount.objects.exists()


def test_the_entry_page_shows_the_proof_of_control_code_and_what_to_do_with_it(
    client, editor, draft_entry
):
    client.force_login(editor)
    page = client.get(reverse("workspace:entry", args=[draft_entry.pk])).content.decode()
    assert draft_entry.control_code in page
    assert "pinned post" in page


def test_the_database_constraint_is_the_last_line_against_a_race(
    make_entry, editor, service_a, service_b
):
    make_entry(Status.DRAFT, handle="gouvlu", service=service_b)
    data = {
        "platform": "x",
        "handle": "gouvlu",
        "url": "https://x.com/gouvlu",
        "display_name": "Late",
        "service": service_a,
        "team_name": "T",
        "team_email": "t@mfin.example.org",
        "languages": ["fr"],
        "purpose": "P",
    }
    with pytest.raises(services.DuplicateAccount, match="already registered by Ministry of Health"):
        services.create_entry(by=editor, data=data)
    assert SocialAccount.objects.filter(handle="gouvlu").count() == 1


def test_every_field_of_the_form_has_a_label(client, editor):
    client.force_login(editor)
    page = client.get(URL).content.decode()
    assert 'for=""' not in page
    assert 'for="id_languages_0"' in page
    for name in ("link", "display_name", "service", "team_name", "team_email", "purpose", "agency"):
        assert f'for="id_{name}"' in page
