"""Dates and times for machines: the `datetime` attribute of `<time>`.

Django's `date:'c'` gives microseconds and the local offset; the HTML standard (and the W3C
checker) accepts at most three digits of a second. Every `<time datetime>` of the templates goes
through `machine_time` (tests/test_machine_time.py finds one that does not).
"""

import datetime

from django import template

register = template.Library()


@register.filter
def machine_time(value: datetime.datetime | datetime.date | None) -> str:
    """A valid global date and time in UTC to the second (`2026-12-04T03:01:39Z`), or a date."""
    if value is None or value == "":
        return ""
    if not isinstance(value, datetime.datetime):
        return value.isoformat()
    if value.tzinfo is not None:
        value = value.astimezone(datetime.UTC)
    return value.replace(microsecond=0, tzinfo=None).isoformat() + "Z"
