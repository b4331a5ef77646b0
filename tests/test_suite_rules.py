"""The suite's own rules: it runs everything under CI, and on both databases but for a short,
explained list of PostgreSQL-only behaviours."""

import pytest

from tests.conftest import missing_tool

INSTALL = "chromium is not installed: run `make browser-deps`"


def test_under_ci_a_missing_tool_fails_the_run_naming_its_install_step(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="make browser-deps"):
        missing_tool(INSTALL)


@pytest.mark.parametrize("ci", [None, "", "false", "0"])
def test_outside_ci_a_missing_tool_is_skipped_with_its_install_step(monkeypatch, ci):
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.skip.Exception, match="make browser-deps"):
        missing_tool(INSTALL)


def test_every_postgresql_only_test_says_why_and_they_are_few(request):
    marked = {}
    for item in request.session.items:
        marker = item.get_closest_marker("postgres_only")
        if marker:
            marked[item.nodeid] = marker.kwargs.get("reason", "")
    assert all(len(reason) > 20 for reason in marked.values()), marked
    assert len(marked) <= 30  # a short list: everything else runs on SQLite too
