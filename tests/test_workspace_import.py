"""Bulk import of a ministry's inventory: upload, preview, confirm; and the management command
(issue 5, requirement 9)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse_lazy

from registry.models import Move, SocialAccount, Status

UPLOAD = reverse_lazy("workspace:import")
CONFIRM = reverse_lazy("workspace:import-confirm")
HEADER = "link,display_name,service,team_name,team_email,languages\n"


def csv_file(*rows: str, header: str = HEADER) -> SimpleUploadedFile:
    return SimpleUploadedFile("accounts.csv", (header + "\n".join(rows)).encode(), "text/csv")


GOOD = [
    "https://x.com/mfin_lu,Finances,contributions,Cellule com,communication@mfin.example.org,fr lb",
    "https://www.instagram.com/mfin.lu/,Finances Insta,contributions,Cellule com,"
    'communication@mfin.example.org,"fr,lb"',
]


def test_the_preview_shows_each_row_and_saves_nothing(client, editor, service_a):
    client.force_login(editor)
    response = client.post(UPLOAD, {"file": csv_file(*GOOD)})
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("Will be created") == 2
    assert not SocialAccount.objects.exists()


def test_confirming_creates_the_drafts_and_records_them_as_imported(client, editor, service_a):
    client.force_login(editor)
    client.post(UPLOAD, {"file": csv_file(*GOOD)})
    response = client.post(CONFIRM)
    assert response.status_code == 302
    entries = SocialAccount.objects.order_by("handle")
    assert [(e.platform, e.handle, e.status) for e in entries] == [
        ("instagram", "mfin.lu", Status.DRAFT),
        ("x", "mfin_lu", Status.DRAFT),
    ]
    assert entries[0].languages == ["lb", "fr"]
    assert all(e.events.get().move == Move.IMPORT for e in entries)
    assert all(e.created_by == editor for e in entries)


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (
            '=HYPERLINK("http://evil"),Nom,contributions,Com,a@mfin.example.org,fr',
            "cells may not start with = + - @",
        ),
        ("https://x.com/ok1,+33 1 23,contributions,Com,a@mfin.example.org,fr", "starts with “+”"),
        ("https://x.com/ok2,Nom,contributions,@team,a@mfin.example.org,fr", "starts with “@”"),
        ("https://x.com/ok3,Nom,contributions,Com,a@mfin.example.org,-fr", "starts with “-”"),
        ("not a link,Nom,contributions,Com,a@mfin.example.org,fr", "This is not a link"),
        ("https://x.com/ok4,Nom,sante-communication,Com,a@mfin.example.org,fr", "Unknown service"),
        ("https://x.com/ok5,Nom,contributions,Com,not-an-email,fr", "not an e-mail address"),
        ("https://x.com/ok6,Nom,contributions,Com,a@mfin.example.org,es", "Unknown language code"),
        (
            "https://x.com/ok7,,contributions,Com,a@mfin.example.org,fr",
            "Column display_name is empty",
        ),
    ],
)
def test_refused_rows_say_why(client, editor, service_a, service_b, row, reason):
    client.force_login(editor)
    page = client.post(UPLOAD, {"file": csv_file(row)}).content.decode()
    assert "Refused" in page
    assert reason in page


def test_an_account_already_registered_is_refused_with_who_holds_it(
    client, editor, make_entry, service_b
):
    make_entry(Status.VERIFIED, handle="mfin_lu", service=service_b)
    client.force_login(editor)
    page = client.post(UPLOAD, {"file": csv_file(GOOD[0])}).content.decode()
    assert "already registered by Ministry of Health" in page


def test_the_same_account_twice_in_a_file_is_refused_the_second_time(client, editor, service_a):
    client.force_login(editor)
    page = client.post(UPLOAD, {"file": csv_file(GOOD[0], GOOD[0].replace("x.com", "twitter.com"))})
    assert "Same account as line 2." in page.content.decode()


def test_confirming_creates_only_the_accepted_rows(client, editor, service_a):
    client.force_login(editor)
    client.post(UPLOAD, {"file": csv_file(GOOD[0], "not a link,Nom,contributions,Com,a@b.org,fr")})
    client.post(CONFIRM)
    assert list(SocialAccount.objects.values_list("handle", flat=True)) == ["mfin_lu"]


def test_if_the_register_changed_since_the_preview_nothing_is_created(
    client, editor, service_a, service_b, make_entry
):
    client.force_login(editor)
    client.post(UPLOAD, {"file": csv_file(*GOOD)})
    make_entry(Status.DRAFT, handle="mfin_lu", service=service_b)  # someone was faster
    response = client.post(CONFIRM)
    assert "The register changed since your preview" in response.content.decode()
    assert SocialAccount.objects.count() == 1


def test_confirming_without_a_preview_says_to_upload_again(client, editor):
    client.force_login(editor)
    response = client.post(CONFIRM, follow=True)
    assert "upload the file again" in response.content.decode()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (csv_file(GOOD[0], header="lien,nom\n"), "missing: link, display_name"),
        (csv_file(header=HEADER), "The file has no rows to import."),
        (SimpleUploadedFile("a.csv", "link;é".encode("latin-1"), "text/csv"), "not UTF-8"),
    ],
)
def test_a_bad_file_is_refused_with_a_clear_message(client, editor, upload, message):
    client.force_login(editor)
    assert message in client.post(UPLOAD, {"file": upload}).content.decode()


def test_too_many_rows_are_refused(client, editor, service_a, settings):
    settings.IMPORT_MAX_ROWS = 1
    client.force_login(editor)
    page = client.post(UPLOAD, {"file": csv_file(*GOOD)}).content.decode()
    assert "more than 1 rows" in page


def test_a_file_too_large_is_refused(client, editor, settings):
    settings.IMPORT_MAX_BYTES = 100
    client.force_login(editor)
    page = client.post(UPLOAD, {"file": csv_file(*GOOD)}).content.decode()
    assert "The file is too large" in page


def test_semicolon_separated_files_from_european_spreadsheets_work(client, editor, service_a):
    client.force_login(editor)
    text = (
        HEADER.replace(",", ";")
        + "https://x.com/mfin_lu;Finances;contributions;Com;c@mfin.example.org;fr,lb"
    )
    upload = SimpleUploadedFile("a.csv", text.encode(), "text/csv")
    assert "Will be created" in client.post(UPLOAD, {"file": upload}).content.decode()


def test_an_agency_members_import_is_managed_by_their_agency(
    client, agency_user, agency, service_a
):
    client.force_login(agency_user)
    client.post(UPLOAD, {"file": csv_file(GOOD[0])})
    client.post(CONFIRM)
    assert SocialAccount.objects.get().agency == agency


def test_the_command_imports_for_a_ministry(tmp_path, central_admin, service_a, capsys):
    path = tmp_path / "a.csv"
    path.write_text(HEADER + "\n".join([*GOOD, "not a link,N,contributions,C,c@d.org,fr"]))
    call_command("import_accounts", str(path), "--ministry", "finances")
    out = capsys.readouterr().out
    assert "2 drafts created, 1 row refused." in out
    assert "line 4: refused" in out
    assert SocialAccount.objects.filter(created_by=central_admin, status=Status.DRAFT).count() == 2


def test_the_command_dry_run_saves_nothing(tmp_path, central_admin, service_a):
    path = tmp_path / "a.csv"
    path.write_text(HEADER + GOOD[0])
    call_command("import_accounts", str(path), "--ministry", "finances", "--dry-run")
    assert not SocialAccount.objects.exists()


def test_the_command_refuses_an_unknown_ministry(tmp_path, central_admin):
    path = tmp_path / "a.csv"
    path.write_text(HEADER + GOOD[0])
    with pytest.raises(CommandError, match="No ministry"):
        call_command("import_accounts", str(path), "--ministry", "nowhere")


def test_the_command_only_accepts_services_of_the_named_ministry(
    tmp_path, central_admin, service_a, service_b
):
    path = tmp_path / "a.csv"
    path.write_text(HEADER + GOOD[0].replace("contributions", "sante-communication"))
    call_command("import_accounts", str(path), "--ministry", "finances")
    assert not SocialAccount.objects.exists()


# --- Issue 18, requirement 8: import by the names people see ------------------------------------


@pytest.fixture
def communication_a(ministry_a):
    from accounts.models import Service

    return Service.objects.create(
        ministry=ministry_a,
        kind=Service.Kind.COMMUNICATION,
        slug="finances-communication",
        short_name="COM",
        name_fr="Service communication – MFIN",
        name_de="Kommunikation – MFIN",
        name_en="Communication – MFIN",
    )


def row_naming(service: str) -> str:
    return f"https://x.com/named,Nom,{service},Com,a@mfin.example.org,fr"


@pytest.mark.parametrize(
    ("written", "slug"),
    [
        ("contributions", "contributions"),
        ("Administration des contributions directes", "contributions"),
        ("ADMINISTRATION DES CONTRIBUTIONS DIRECTES", "contributions"),
        ("administration des contributions directes", "contributions"),
        ("Steuerverwaltung", "contributions"),
        ("inland revenue", "contributions"),
        ("MFIN", "finances-communication"),
        ("mfin", "finances-communication"),
        ("Ministère des Finances", "finances-communication"),
        ("ministere des finances", "finances-communication"),
        ("COM", "finances-communication"),
        ("Service communication - MFIN", "finances-communication"),
        ("service communication – mfin", "finances-communication"),
        ("Finances Communication", "finances-communication"),
    ],
)
def test_a_service_is_found_by_any_name_the_interface_shows(
    client, editor, service_a, communication_a, written, slug
):
    client.force_login(editor)
    client.post(UPLOAD, {"file": csv_file(row_naming(written))})
    client.post(CONFIRM)
    assert SocialAccount.objects.get().service.slug == slug


def test_a_name_of_several_services_is_refused_naming_the_choices(
    client, editor, service_a, communication_a
):
    service_a.short_name = "COM"
    service_a.save()
    client.force_login(editor)
    page = client.post(UPLOAD, {"file": csv_file(row_naming("com"))}).content.decode()
    assert "names several services" in page
    assert "contributions, finances-communication" in page


def test_another_ministrys_service_is_unknown_even_by_name(client, editor, service_a, service_b):
    client.force_login(editor)
    page = client.post(UPLOAD, {"file": csv_file(row_naming("MSAN"))}).content.decode()
    assert "Unknown service" in page


def test_the_import_page_lists_the_valid_services_and_languages(
    client, editor, service_a, communication_a, service_b
):
    client.force_login(editor)
    page = client.get(UPLOAD).content.decode()
    assert "Inland Revenue" in page and "<code>contributions</code>" in page
    assert "<code>finances-communication</code>" in page
    assert "sante-communication" not in page  # another ministry's
    assert "<code>lb</code>" in page
    assert str(reverse_lazy("workspace:import-template")) in page


def test_the_template_lists_the_columns_and_one_row_per_service(
    client, editor, service_a, communication_a, service_b
):
    client.force_login(editor)
    response = client.get(reverse_lazy("workspace:import-template"))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == HEADER.strip()
    assert len(lines) == 3
    assert {line.split(",")[2] for line in lines[1:]} == {"contributions", "COM"}


def test_the_template_uploaded_unchanged_creates_nothing(client, editor, service_a):
    client.force_login(editor)
    text = client.get(reverse_lazy("workspace:import-template")).content
    upload = SimpleUploadedFile("t.csv", text, "text/csv")
    page = client.post(UPLOAD, {"file": upload}).content.decode()
    assert "Will be created" not in page


@pytest.mark.parametrize(("rows", "says"), [(1, "1 draft created."), (2, "2 drafts created.")])
def test_the_count_of_drafts_created_has_its_plural(client, editor, service_a, rows, says):
    from django.contrib.messages import get_messages

    client.force_login(editor)
    client.post(UPLOAD, {"file": csv_file(*GOOD[:rows])})
    response = client.post(CONFIRM)
    assert says in [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.parametrize(
    ("language", "one", "two"),
    [
        ("fr", "1 brouillon créé.", "2 brouillons créés."),
        ("de", "1 Entwurf angelegt.", "2 Entwürfe angelegt."),
    ],
)
def test_the_count_of_drafts_created_has_its_plural_in_french_and_german(language, one, two):
    from django.utils import translation
    from django.utils.translation import ngettext

    with translation.override(language):
        singular = ngettext("%(count)d draft created.", "%(count)d drafts created.", 1)
        plural = ngettext("%(count)d draft created.", "%(count)d drafts created.", 2)
    assert (singular % {"count": 1}, plural % {"count": 2}) == (one, two)


def test_the_command_takes_the_ministry_by_its_short_name(tmp_path, central_admin, service_a):
    path = tmp_path / "a.csv"
    path.write_text(HEADER + GOOD[0])
    call_command("import_accounts", str(path), "--ministry", "mfin")
    assert SocialAccount.objects.count() == 1
