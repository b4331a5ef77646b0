# German: "3. Dezember 2026", "3. Dezember 2026, 14:05".
from django.conf.locale.de.formats import *  # noqa: F403

DATE_FORMAT = SHORT_DATE_FORMAT = "j. F Y"
DATETIME_FORMAT = SHORT_DATETIME_FORMAT = "j. F Y, H:i"
