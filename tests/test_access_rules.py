"""Deny by default: every URL of the site declares who may use it, and one that does not is refused.

The admin site is the one exception: it checks central admins itself (tested here too).
"""

import pytest
from django.contrib import admin
from django.http import HttpResponse
from django.urls import path, reverse

from accounts.access import Rule, access
from registry.urls import urlpatterns as site_urlpatterns
from tests.urlwalk import in_admin, walk


def test_every_url_of_the_site_declares_an_access_rule():
    missing = [
        f"{r.pattern} ({r.name or 'unnamed'})" for r in walk() if r.rule is None and not in_admin(r)
    ]
    assert missing == [], "URLs without an access rule: " + ", ".join(missing)


def test_the_walk_reaches_every_area_of_the_site_including_language_prefixed_pages():
    names = {route.name for route in walk()}
    assert {
        "healthz",
        "public:directory",
        "accounts:login",
        "accounts:two-factor",
        "oidc:callback",
        "admin:index",
    } <= names
    assert any(route.pattern[:3] in {"fr/", "de/", "en/"} for route in walk())


def test_only_the_admin_site_is_left_to_check_its_own_access():
    unruled = {route.namespace for route in walk() if route.rule is None}
    assert unruled <= {"admin"}


# A URLconf for the middleware tests: a view that forgot its rule, and one that declares it.
def forgotten(request):
    return HttpResponse("secret")


@access(Rule.PUBLIC)
def declared(request):
    return HttpResponse("hello")


urlpatterns = [
    path("forgotten/", forgotten, name="forgotten"),
    path("declared/", declared, name="declared"),
    *site_urlpatterns,  # the error pages link to the site's own pages
]


@pytest.mark.urls("tests.test_access_rules")
def test_a_view_without_a_rule_is_refused_even_to_a_central_admin(client, central_admin):
    assert client.get("/forgotten/").status_code == 403
    client.force_login(central_admin)
    response = client.get("/forgotten/")
    assert response.status_code == 403
    assert b"secret" not in response.content


@pytest.mark.urls("tests.test_access_rules")
def test_a_view_with_a_rule_is_served(client, db):
    response = client.get("/declared/")
    assert response.status_code == 200
    assert response.content == b"hello"


# The admin site: central admins only.
OUR_APPS = ("accounts", "registry", "outbox")


def admin_changelists(apps=OUR_APPS) -> list[str]:
    return [
        f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"
        for model in admin.site._registry
        if model._meta.app_label in apps
    ]


@pytest.mark.parametrize("persona", ["editor", "ministry_admin", "reviewer"])
def test_the_admin_site_refuses_everyone_but_central_admins(client, db, request, persona):
    client.force_login(request.getfixturevalue(persona))
    for url in ["/fr/admin/", *(reverse(name) for name in admin_changelists())]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(url[:4] + "admin/login/"), url


def test_the_admin_site_sends_anonymous_visitors_to_its_sign_in(client, db):
    response = client.get("/fr/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/fr/admin/login/")


def test_a_central_admin_gets_the_admin_index(client, central_admin):
    client.force_login(central_admin)
    assert client.get("/fr/admin/").status_code == 200


@pytest.mark.parametrize("changelist", admin_changelists())
def test_a_central_admin_gets_every_changelist_of_the_register(client, central_admin, changelist):
    client.force_login(central_admin)
    assert client.get(reverse(changelist)).status_code == 200


def test_the_groups_page_stays_closed_to_central_admins(client, central_admin):
    """Groups are derived from accounts.roles (edits would be overwritten)."""
    client.force_login(central_admin)
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 403


@pytest.mark.parametrize(
    "changelist",
    [
        "admin:axes_accessattempt_changelist",
        "admin:axes_accessfailurelog_changelist",
        "admin:otp_totp_totpdevice_changelist",
    ],
)
def test_a_central_admin_can_see_lockouts_and_second_factor_devices_to_help_people(
    client, central_admin, changelist
):
    client.force_login(central_admin)
    assert client.get(reverse(changelist)).status_code == 200


@pytest.mark.parametrize("persona", ["reviewer", "editor"])
def test_lockouts_and_devices_stay_closed_to_everyone_else(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    for changelist in (
        "admin:axes_accessattempt_changelist",
        "admin:otp_totp_totpdevice_changelist",
    ):
        assert client.get(reverse(changelist)).status_code == 302


def test_a_central_admin_can_remove_a_lost_phone_and_a_lockout(client, central_admin, editor):
    from axes.models import AccessAttempt
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=editor, name="lost phone")
    attempt = AccessAttempt.objects.create(
        username=editor.email, ip_address="192.0.2.1", failures_since_start=5
    )
    client.force_login(central_admin)
    for name, obj in [
        ("admin:otp_totp_totpdevice_delete", device),
        ("admin:axes_accessattempt_delete", attempt),
    ]:
        response = client.post(reverse(name, args=[obj.pk]), {"post": "yes"})
        assert response.status_code == 302, name
    assert not TOTPDevice.objects.filter(user=editor).exists()
    assert not AccessAttempt.objects.filter(username=editor.email).exists()


def test_a_central_admin_without_a_second_factor_is_refused_when_it_is_required(
    client, central_admin, settings
):
    settings.REQUIRE_STAFF_2FA = True
    client.force_login(central_admin)
    response = client.get("/fr/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/fr/admin/login/")


@pytest.mark.parametrize(
    ("name", "rule"),
    [
        ("workspace:entry-aliases", Rule.MEMBER),
        ("review:alias-accept", Rule.REVIEWER),
        ("review:alias-refuse", Rule.REVIEWER),
    ],
)
def test_the_alias_pages_declare_the_rule_of_their_audience(name, rule):
    assert {route.rule for route in walk() if route.name == name} == {rule}
