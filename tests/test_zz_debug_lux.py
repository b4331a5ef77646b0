import pytest
from django.urls import reverse
from django.utils import translation

from tests.test_language_purity import TextNodes

URLS = ["admin:index", "admin:otp_totp_totpdevice_changelist", "admin:axes_accessattempt_changelist",
        "admin:axes_accessfailurelog_changelist", "admin:accounts_user_changelist",
        "admin:accounts_membershipevent_changelist", "admin:accounts_providersignin_changelist",
        "admin:outbox_outgoingemail_changelist", "admin:registry_reviewevent_changelist",
        "admin:registry_entrychange_changelist", "admin:registry_report_changelist"]


@pytest.mark.parametrize("lang", ["fr"])
def test_debug(client, central_admin, verified_entry, suspended_entry, lang):
    client.force_login(central_admin)
    for name in URLS:
        with translation.override(lang):
            url = reverse(name)
        r = client.get(url)
        p = TextNodes(lang)
        p.feed(r.content.decode())
        print(url, r.status_code, " | ".join(dict.fromkeys(p.texts)))
