"""Class 7: the import preview validates what saving would, and any file, however broken,
gets a page that says what is wrong and on which line (never a 500)."""

import csv

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from registry.models import SocialAccount

HEADER = "link,display_name,service,team_name,team_email,languages\n"


def row(service, name="Gouvernement", link="https://x.com/gouvlu") -> str:
    return f"{link},{name},{service.slug},Team,team@mfin.example.org,fr\n"


def upload(client, content: bytes):
    return client.post(
        reverse("workspace:import"), {"file": SimpleUploadedFile("a.csv", content, "text/csv")}
    )


@pytest.fixture
def signed_in(client, editor):
    client.force_login(editor)
    return client


@pytest.mark.parametrize(
    "cell", ["Gouv\x00ernement", "Gouv\x0bernement", "Gouv\u202eernement", "Gouv\x85ernement"]
)
def test_a_forbidden_character_in_any_cell_is_refused_in_the_preview_naming_line_and_column(
    signed_in, service_a, cell
):
    response = upload(signed_in, (HEADER + row(service_a, name=cell)).encode())
    assert response.status_code == 200
    refused = response.context["preview"].refused
    assert [r.line for r in refused] == [2]
    assert "display_name" in refused[0].errors[0]
    confirmed = signed_in.post(reverse("workspace:import-confirm"))
    assert confirmed.status_code in (200, 302)
    assert not SocialAccount.objects.exists()


def test_a_cell_over_the_csv_field_limit_is_named_by_its_line(signed_in, service_a, settings):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    huge = "a" * (csv.field_size_limit() + 1)
    content = HEADER + row(service_a) + f'https://x.com/b,"{huge}",x,y,z@x.example,fr\n'
    response = upload(signed_in, content.encode())
    assert response.status_code == 200
    assert "Line 3" in str(response.context["form"].errors["file"])


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"link,display_name\n\xff\xfe\x00binary", "Line 2"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "Line 1"),
        (b"PK\x03\x04\x14\x00\x06\x00", "cannot be read as an Excel workbook"),  # a broken .xlsx
        ((HEADER + "a,b,c,d,e,f,g,h,extra\n").encode(), ""),
        (b'link,display_name,service,team_name,team_email,languages\n"unclosed', ""),
    ],
)
def test_a_broken_file_gets_a_page_that_says_what_is_wrong(signed_in, service_a, content, says):
    response = upload(signed_in, content)
    assert response.status_code == 200
    assert says in response.content.decode()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    body=st.one_of(
        st.binary(max_size=400),
        st.text(max_size=300).map(lambda t: (HEADER + t).encode("utf-8", "surrogatepass")),
        st.lists(st.text(max_size=20), min_size=1, max_size=9).map(
            lambda cells: (HEADER + ",".join(cells) + "\n").encode("utf-8", "surrogatepass")
        ),
    )
)
def test_any_file_gets_a_page_never_a_500_at_upload_or_confirm(signed_in, service_a, body):
    assert upload(signed_in, body).status_code == 200
    assert signed_in.post(reverse("workspace:import-confirm")).status_code in (200, 302)
