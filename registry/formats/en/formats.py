# English as written in Europe: "3 December 2026", "3 December 2026, 14:05" (Django's is American).
from django.conf.locale.en_GB.formats import *  # noqa: F403

DATE_FORMAT = SHORT_DATE_FORMAT = "j F Y"
DATETIME_FORMAT = SHORT_DATETIME_FORMAT = "j F Y, H:i"
