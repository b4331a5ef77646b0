"""The benchmark's routes (the ceiling, emptying the answer caches) exist only when
BENCH_CEILING is on."""

import importlib

import pytest
from django.urls import Resolver404, clear_url_caches, resolve

import registry.urls
from registry.freshness import read_version


@pytest.fixture
def reload_urls(settings):
    """Rebuild the URLconf after a test changes BENCH_CEILING, and once more after it."""

    def reload() -> None:
        clear_url_caches()
        importlib.reload(registry.urls)

    yield reload
    settings.BENCH_CEILING = False
    reload()


def test_ceiling_answers_a_constant_json_when_the_setting_is_on(client, settings, reload_urls):
    settings.BENCH_CEILING = True
    reload_urls()

    response = client.get("/bench/ceiling")

    assert response.status_code == 200
    assert response.json() == {"ok": True}


def test_ceiling_is_not_routed_when_the_setting_is_off(settings, reload_urls):
    settings.BENCH_CEILING = False
    reload_urls()

    with pytest.raises(Resolver404):
        resolve("/bench/ceiling")


def test_ceiling_is_not_routed_by_default(settings):
    assert settings.BENCH_CEILING is False
    assert not any(str(p.pattern).startswith("bench/") for p in registry.urls.urlpatterns)


def test_forgetting_the_answers_makes_a_new_register_version(client, db, settings, reload_urls):
    settings.BENCH_CEILING = True
    reload_urls()
    before = read_version()

    response = client.post("/bench/forget-answers")

    assert response.status_code == 204
    assert read_version() != before


def test_forgetting_the_answers_takes_a_post_only(client, settings, reload_urls):
    settings.BENCH_CEILING = True
    reload_urls()

    assert client.get("/bench/forget-answers").status_code == 405


def test_forgetting_the_answers_is_not_routed_when_the_setting_is_off(settings, reload_urls):
    settings.BENCH_CEILING = False
    reload_urls()

    with pytest.raises(Resolver404):
        resolve("/bench/forget-answers")
