"""The extension's local matching (extension/src/match.js) and its check of the signed list
(extension/src/list.js), run in Node on tables of cases; the browser tests run them on pages."""

import base64
import datetime
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.conftest import missing_tool

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "extension" / "src"


@pytest.fixture(autouse=True)
def node_installed() -> None:
    """The extension's scripts run on Node: missing, the test fails under CI, else is skipped."""
    if shutil.which("node") is None:
        missing_tool("Node.js is needed: apt-get install -y nodejs npm (then `make browser-deps`)")


def entry(platform, handle, status="official", **extra) -> dict:
    return {"platform": platform, "handle": handle, "status": status, "aliases": [],
            "permanent_id": "", "display_name": "Gouvernement du Luxembourg", **extra}  # fmt: skip


LIST = {
    "entries": [
        entry("x", "gouvlu", permanent_id="783214", aliases=["id:783214", "gouvernementlu"]),
        entry("x", "santelu", display_name="Direction de la santé"),
        entry("x", "vieuxcompte", "closed", display_name="Ancien compte"),
        entry("bluesky", "gouv.lu", permanent_id="did:plc:abcdefghijklmnopqrstuvwx"),
        entry("mastodon", "gouvlu@social.example.lu"),
    ]
}

# (account seen on a page, expected [kind, the registered handle it names] or None)
CASES = [
    ({"platform": "x", "handle": "gouvlu"}, ["official", "gouvlu"]),
    ({"platform": "x", "handle": "gouvernementlu"}, ["official", "gouvlu"]),  # an alias
    ({"platform": "x", "handle": "id:783214"}, ["official", "gouvlu"]),
    ({"platform": "x", "handle": "nouveaunom", "pid": "783214"}, ["official", "gouvlu"]),
    ({"platform": "x", "handle": "gouvlu", "pid": "999"}, ["takeover", "gouvlu"]),
    ({"platform": "x", "handle": "vieuxcompte"}, ["closed", "vieuxcompte"]),
    (
        {
            "platform": "bluesky",
            "handle": "nouveau.bsky.social",
            "pid": "did:plc:abcdefghijklmnopqrstuvwx",
        },
        ["official", "gouv.lu"],
    ),
    # Look-alikes: one edit, confusable letters, punctuation, affixes, a copied name.
    ({"platform": "x", "handle": "gouvlv"}, ["lookalike", "gouvlu"]),
    ({"platform": "x", "handle": "gouvllu"}, ["lookalike", "gouvlu"]),
    ({"platform": "x", "handle": "g0uvlu"}, ["lookalike", "gouvlu"]),
    ({"platform": "x", "handle": "gouv_lu"}, ["lookalike", "gouvlu"]),
    ({"platform": "x", "handle": "gouvlu_official"}, ["lookalike", "gouvlu"]),
    ({"platform": "x", "handle": "officiel_gouvlu"}, ["lookalike", "gouvlu"]),
    ({"platform": "x", "handle": "the_real_gouvlu_lux"}, ["lookalike", "gouvlu"]),
    ({"platform": "x", "handle": "sante_lu"}, ["lookalike", "santelu"]),
    ({"platform": "x", "handle": "santeiu"}, ["lookalike", "santelu"]),
    (
        {"platform": "x", "handle": "whoever", "displayName": "Gouvernement du Luxembourg"},
        ["lookalike", "gouvlu"],
    ),
    (
        {"platform": "x", "handle": "whoever", "displayName": "Gouvernement du Luxembоurg"},
        ["lookalike", "gouvlu"],
    ),  # a Cyrillic о
    (
        {"platform": "mastodon", "handle": "gouvlu@evil.example"},
        ["lookalike", "gouvlu@social.example.lu"],
    ),
    # Not look-alikes: other names, other platforms, a closed account's neighbours.
    ({"platform": "x", "handle": "someone"}, None),
    ({"platform": "x", "handle": "gouvfr"}, None),
    ({"platform": "instagram", "handle": "gouvlu"}, None),
    ({"platform": "x", "handle": "vieuxcompt"}, None),
]


def run(script: str, request: dict):
    done = subprocess.run(  # noqa: S603 -- our own script
        [shutil.which("node"), str(ROOT / "extension" / "test" / script)],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory) -> list:
    from extension.build import rules_js

    rules = tmp_path_factory.mktemp("rules") / "rules.js"
    rules.write_text(rules_js())
    scripts = [str(rules), *(str(SOURCE / name) for name in ("hosts.js", "parser.js", "match.js"))]
    accounts = [{"pid": "", "displayName": "", **account} for account, _ in CASES]
    return run("match_cases.js", {"scripts": scripts, "list": LIST, "accounts": accounts})


@pytest.mark.parametrize(("n", "case"), list(enumerate(CASES)), ids=[str(c[0]) for c in CASES])
def test_the_extension_matches_the_account_as_expected(verdicts, n, case):
    assert verdicts[n] == case[1]


# --- The signed list ---------------------------------------------------------------------

KEY = Ed25519PrivateKey.generate()
OTHER = Ed25519PrivateKey.generate()
NOW = datetime.datetime(2026, 12, 4, 12, tzinfo=datetime.UTC)


def vkey_of(key) -> str:
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "registry.example.org+0a1b2c3d+" + base64.b64encode(b"\x01" + raw).decode()


def signed(version: int, expires: datetime.datetime, key=KEY, tamper: bool = False) -> dict:
    body = json.dumps({"version": version, "expires": expires.isoformat(), "entries": []}).encode()
    signature = base64.b64encode(key.sign(body)).decode()
    if tamper:
        body = body.replace(b'"entries": []', b'"entries": [{}]')
    return {"body": base64.b64encode(body).decode(), "signature": signature}


WEEK = NOW + datetime.timedelta(days=7)
LIST_CASES = [
    ("a good list", signed(7, WEEK), 3, 7),
    ("the same version again", signed(7, WEEK), 7, 7),
    ("an older version", signed(6, WEEK), 7, "rollback"),
    ("an expired list", signed(8, NOW - datetime.timedelta(seconds=1)), 7, "expired"),
    ("a changed byte", signed(8, WEEK, tamper=True), 7, "signature"),
    ("another key", signed(8, WEEK, key=OTHER), 7, "signature"),
]


@pytest.mark.parametrize(
    ("name", "case", "seen", "answer"), LIST_CASES, ids=[c[0] for c in LIST_CASES]
)
def test_the_extension_accepts_only_a_signed_current_list(name, case, seen, answer):
    request = {
        "scripts": [str(SOURCE / "list.js")],
        "cases": [{**case, "vkey": vkey_of(KEY), "seen": seen, "now": NOW.timestamp() * 1000}],
    }
    assert run("list_cases.js", request) == [answer]
