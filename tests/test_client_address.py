"""Class 11: one function decides the client's address; the report limit, django-axes, the API
throttle and the access log all use it."""

import pytest
from django.conf import settings as django_settings
from django.test import RequestFactory
from django.urls import reverse

from registry.web.client_address import address_from, client_address


@pytest.mark.parametrize(
    ("proxies", "forwarded", "remote", "client"),
    [
        (0, "203.0.113.9", "10.0.0.1", "10.0.0.1"),  # no proxy trusted: the header is ignored
        (1, "203.0.113.9", "10.0.0.1", "203.0.113.9"),
        (1, "6.6.6.6, 203.0.113.9", "10.0.0.1", "203.0.113.9"),  # the client's own part ignored
        (2, "6.6.6.6, 203.0.113.9, 10.0.0.2", "10.0.0.1", "203.0.113.9"),
        (1, "", "10.0.0.1", "10.0.0.1"),
        (1, "not-an-address", "10.0.0.1", "10.0.0.1"),
        (1, "2001:DB8::1", "10.0.0.1", "2001:db8::1"),
    ],
)
def test_the_client_is_the_address_the_trusted_proxies_saw(proxies, forwarded, remote, client):
    meta = {"REMOTE_ADDR": remote, "HTTP_X_FORWARDED_FOR": forwarded}
    assert address_from(meta, proxies) == client


def test_django_axes_the_api_throttle_and_the_reports_ask_the_same_function():
    from axes.helpers import get_client_ip_address

    from registry.api.throttling import PublicRateThrottle

    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert django_settings.AXES_CLIENT_IP_CALLABLE == "registry.web.client_address.client_address"
    assert get_client_ip_address(request) == client_address(request)
    assert PublicRateThrottle().get_ident(request) == client_address(request)


def test_behind_a_proxy_each_citizen_has_their_own_report_quota(client, db, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.REPORTS_PER_HOUR_PER_CLIENT = 1
    url = reverse("public:report")
    data = {"url": "https://x.com/fakegouv", "note": ""}
    first = client.post(url, data, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.1")
    second = client.post(url, data, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.2")
    again = client.post(url, data, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.2")
    assert first.status_code == 302 and second.status_code == 302
    assert again.status_code != 302  # the second citizen's own quota is spent
