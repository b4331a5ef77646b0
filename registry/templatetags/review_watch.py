"""The watch on the central unit's pages: a cadence in words."""

import datetime

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def watch_cadence(every: datetime.timedelta) -> str:
    """ "15 min", "6.9 h": how often each entry of a platform is read."""
    minutes = every.total_seconds() / 60
    if minutes < 60:
        return _("%(minutes)d min") % {"minutes": round(minutes)}
    return _("%(hours)s h") % {"hours": f"{minutes / 60:.1f}".removesuffix(".0")}
