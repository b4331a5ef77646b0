"""The floors of the code, and no import running back up: each module's imports (read from its
source with `ast`) are checked against the floor it stands on. The README's "What is where"
names the same floors.

1. `accounts` (people, ministries, access) never imports the register;
2. `registry.links` (the link parser) imports nothing of the project;
3. `registry.models` and `registry.fields`: the data, on the parser and `accounts`;
4. `registry.freshness`: the register's version and kept values, on the models alone;
5. the rules (workflow, services, public changes, verification, permissions, e-mails, the
   watch, imports, search, listing...) never import the web plumbing or an audience's pages;
6. an audience's package (public, workspace, review, api) never imports another's;
7. `registry.web`, the URLs, the admin, commands, exports and the demo may use any floor.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
AUDIENCES = ("registry.public", "registry.workspace", "registry.review", "registry.api")
ON_TOP = (
    "registry.web", "registry.urls", "registry.settings", "registry.wsgi", "registry.asgi",
    "registry.admin", "registry.management", "registry.templatetags", "registry.exports",
    "registry.demo", "registry.apps",
)  # fmt: skip


def within(name: str, *packages: str) -> bool:
    return any(name == p or name.startswith(p + ".") for p in packages)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return {name for name in names if within(name, "registry", "accounts")}


def refused(module: str, target: str) -> bool:
    """Whether `module` may not import `target`."""
    if within(module, "accounts"):
        return within(target, "registry")
    if within(module, "registry.links"):
        return not within(target, "registry.links")
    if within(module, "registry.models", "registry.fields"):
        return within(target, "registry") and not within(
            target, "registry.models", "registry.fields", "registry.links"
        )
    if within(module, "registry.freshness"):
        return within(target, "registry") and not within(
            target, "registry.freshness", "registry.models"
        )
    if within(module, *AUDIENCES):
        own = next(a for a in AUDIENCES if within(module, a))
        return within(target, *AUDIENCES) and not within(target, own)
    if within(module, *ON_TOP):
        return False
    return within(target, "registry.web", *AUDIENCES)


SOURCES = sorted(
    path
    for folder in ("registry", "accounts")
    for path in (ROOT / folder).rglob("*.py")
    if "migrations" not in path.parts
)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_import_runs_back_up(path):
    module = module_name(path)
    assert [target for target in sorted(imported(path)) if refused(module, target)] == []


@pytest.mark.parametrize(
    ("module", "target", "is_refused"),
    [
        ("accounts.models", "registry.models", True),
        ("registry.links.hosts", "registry.models", True),
        ("registry.models.entries", "registry.workflow", True),
        ("registry.freshness.clock", "registry.web.caching", True),
        ("registry.workflow", "registry.web.caching", True),
        ("registry.verification", "registry.public.views", True),
        ("registry.public.views.pages", "registry.workspace.forms", True),
        ("registry.public.views.pages", "registry.verification", False),
        ("registry.web.caching", "registry.freshness.kept", False),
        ("registry.workflow", "registry.public_changes", False),
    ],
)
def test_the_rule_itself(module, target, is_refused):
    assert refused(module, target) is is_refused
