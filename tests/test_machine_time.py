"""`<time datetime>` values the W3C checker accepts (issue 33.6): at most three digits of a
second, a valid global date and time; every template writes them through `machine_time`."""

import datetime
import re
from pathlib import Path

import pytest
from django.urls import reverse

from registry import workflow
from registry.models import Reason, Status
from registry.templatetags.machine_time import machine_time

UTC = datetime.UTC
PLUS_ONE = datetime.timezone(datetime.timedelta(hours=1))
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
# The HTML standard's valid global date and time (in UTC), or a valid date.
VALID = re.compile(r"\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d{1,3})?)?Z)?")


@pytest.mark.parametrize(
    "value, written",
    [
        (datetime.datetime(2026, 12, 4, 3, 1, 39, 123456, tzinfo=UTC), "2026-12-04T03:01:39Z"),
        (datetime.datetime(2026, 12, 4, 4, 0, tzinfo=PLUS_ONE), "2026-12-04T03:00:00Z"),
        (datetime.date(2027, 1, 31), "2027-01-31"),
        (None, ""),
    ],
)  # fmt: skip
def test_a_time_is_written_to_the_second_in_utc(value, written):
    assert machine_time(value) == written


def test_every_time_element_of_the_templates_goes_through_machine_time():
    attributes = [
        (path, match.group(1))
        for path in TEMPLATES.rglob("*.html")
        for match in re.finditer(r"<time[^>]*datetime=\"([^\"]*)\"", path.read_text("utf-8"))
    ]
    assert attributes, "the conversation has a time"
    for path, value in attributes:
        assert "|machine_time" in value, f"{path}: {value}"


def test_the_staff_entry_page_with_a_message_has_valid_times(client, make_entry, reviewer):
    entry = make_entry(Status.SUBMITTED, assigned_reviewer=reviewer)
    workflow.request_changes(
        entry, by=reviewer, version=entry.version, reason=Reason.LANGUAGES, message="Add German."
    )
    client.force_login(reviewer)
    page = client.get(reverse("review:entry", args=[entry.pk])).content.decode()
    values = re.findall(r"<time[^>]*datetime=\"([^\"]*)\"", page)
    assert values
    assert all(VALID.fullmatch(value) for value in values), values
