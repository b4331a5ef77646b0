# French: "3 décembre 2026", "3 décembre 2026 à 14:05".
from django.conf.locale.fr.formats import *  # noqa: F403

DATE_FORMAT = SHORT_DATE_FORMAT = "j F Y"
DATETIME_FORMAT = SHORT_DATETIME_FORMAT = "j F Y à H:i"
