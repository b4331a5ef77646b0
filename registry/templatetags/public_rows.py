"""The parts of a public list's row, as tags rather than included templates: the directory and
a ministry's page show up to 100 rows, and an `{% include %}` per part and row was most of the
time a page took to render when it was not kept (tests/test_public_pages.py checks the markup)."""

from functools import cache

from django import template
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext

from registry.models import Status

register = template.Library()


@cache
def icon_address(platform: str) -> str:
    """The icon's address: the same for the process's life (the static files' manifest is read
    once), and a manifest lookup per row costs more than the rest of the row."""
    return static(f"img/platforms/{platform}.svg")


@register.simple_tag
def platform_icon(entry) -> str:
    """The platform's icon, named by its alternative text."""
    return format_html(
        '<img class="platform-icon" src="{}" alt="{}" width="20" height="20">',
        icon_address(entry.platform),
        entry.get_platform_display(),
    )


@register.simple_tag
def status_badge(entry) -> str:
    """ "Official" for a verified entry, else its status."""
    if entry.status == Status.VERIFIED:
        return format_html('<span class="badge status-verified">{}</span>', gettext("Official"))
    return format_html(
        '<span class="badge status-{}">{}</span>', entry.status, entry.get_status_display()
    )
