"""One source of truth for links: the extension's parser (extension/src/parser.js, its tables
generated from registry/links/) gives the same key, or the same refusal, as the Python parser
for every case of the parser's own tests. Runs the JavaScript with Node; no browser, no Django."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from registry.links import InvalidAccountURL, parse_account_url
from registry.links.lookalike import imitated_platform
from tests.conftest import missing_tool
from tests.test_links import DIFFERENT, REFUSED, SAME_ACCOUNT
from tests.test_links_lookalike import IMITATIONS, INNOCENT

ROOT = Path(__file__).resolve().parent.parent
EXTENSION = ROOT / "extension"


@pytest.fixture(autouse=True)
def node_installed() -> None:
    """The extension's scripts run on Node: missing, the test fails under CI, else is skipped."""
    if shutil.which("node") is None:
        missing_tool("Node.js is needed: apt-get install -y nodejs npm (then `make browser-deps`)")


TEXTS = sorted(
    {text for _platform, _key, texts in SAME_ACCOUNT for text in texts}
    | {text for pair in DIFFERENT for text in pair}
    | {text for text, _code in REFUSED}
    | {f"https://{host}/@gouvlu" for host, _slug in IMITATIONS}
    | {f"https://{host}/@gouvlu" for host in INNOCENT}
)
HOSTS = sorted({host for host, _slug in IMITATIONS} | set(INNOCENT))


def python_answer(text: str) -> dict:
    try:
        ref = parse_account_url(text)
    except InvalidAccountURL as exc:
        return {"refused": exc.code, "imitates": exc.params.get("imitates", "")}
    return {"platform": ref.platform, "handle": ref.handle}


@pytest.fixture(scope="module")
def javascript(tmp_path_factory) -> dict:
    from extension.build import rules_js

    rules = tmp_path_factory.mktemp("rules") / "rules.js"
    rules.write_text(rules_js())
    request = {
        "scripts": [
            str(rules),
            *(str(EXTENSION / "src" / name) for name in ("hosts.js", "parser.js")),
        ],
        "texts": TEXTS,
        "hosts": HOSTS,
    }
    done = subprocess.run(  # noqa: S603 -- our own script
        [shutil.which("node"), str(EXTENSION / "test" / "parse_cases.js")],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    answers = json.loads(done.stdout)
    return {
        "answers": dict(zip(TEXTS, answers["answers"], strict=True)),
        "hosts": dict(zip(HOSTS, answers["hosts"], strict=True)),
    }


@pytest.mark.parametrize("text", TEXTS, ids=[repr(text[:60]) for text in TEXTS])
def test_the_extension_reads_the_link_as_the_registry_does(javascript, text: str) -> None:
    assert javascript["answers"][text] == python_answer(text)


@pytest.mark.parametrize("host", HOSTS)
def test_the_extension_sees_the_same_look_alike_hosts(javascript, host: str) -> None:
    assert javascript["hosts"][host] == imitated_platform(host)


def test_the_corpus_holds_every_table_of_the_parser_tests() -> None:
    assert len(TEXTS) > 300
