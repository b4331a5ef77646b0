"""`make run` itself, as a newcomer types it on a fresh copy of the tree: it starts on a free
port (`PORT=`), on its embedded SQLite file, says where it serves and how to sign in last, then
answers every kind of page a citizen and a signed-in member reach without a server error, and
stops cleanly with its process group.

The copy reuses this tree's virtualenv (a symlink) and is told its installs are done
(`make -o …`): the test is about running, not installing.
"""

import json
import os
import queue
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import threading
import time
from pathlib import Path
from urllib.parse import quote, urljoin

import pytest
import requests

pytestmark = pytest.mark.smoke

ROOT = Path(__file__).resolve().parent.parent
READY = "E-mails are printed here."
# What a newcomer's shell does not have: the suite's own settings.
SUITE_VARIABLES = [
    "DATABASE_URL", "DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DJANGO_SECURE_SSL_REDIRECT",
    "DJANGO_STATIC_MANIFEST", "REQUIRE_STAFF_2FA", "DJANGO_LOG_LEVEL", "DJANGO_SETTINGS_MODULE",
    "DJANGO_DEBUG", "REDIS_URL",
]  # fmt: skip
STARTUP_SECONDS = 600  # migrations and the demo on SQLite, on a busy 2-core machine


def fresh_copy(target: Path) -> Path:
    """The tree as git sees it (tracked and new files, nothing ignored), with this .venv."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, (n.decode() for n in listed)):
        source = ROOT / name
        if name == ".venv" or not source.is_file():
            continue
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target / name)
    (target / ".venv").symlink_to((ROOT / ".venv").resolve())
    return target


class MakeRun:
    """`make run PORT=…` in its own process group, its output read line by line."""

    def __init__(self, tree: Path, port: int):
        environment = {k: v for k, v in os.environ.items() if k not in SUITE_VARIABLES}
        # Outside platforms are never called from tests: the watch's addresses are a port of
        # loopback where nothing listens (and the fetcher refuses loopback anyway).
        nowhere = "127.0.0.1:9"
        platforms = ("bluesky", "mastodon", "youtube", "github", "telegram", "x")
        addresses = dict.fromkeys(platforms, f"http://{nowhere}") | {"jetstream": f"ws://{nowhere}"}
        environment["WATCH_BASE_URLS"] = json.dumps(addresses)
        self.process = subprocess.Popen(  # noqa: S603 -- fixed arguments
            ["make", "-o", ".venv/.installed", "run", f"PORT={port}"],  # noqa: S607
            cwd=tree,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        self.lines: queue.Queue = queue.Queue()
        self.output: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def read_until(self, text: str, timeout: float) -> list[str]:
        deadline = time.monotonic() + timeout
        while True:
            line = self.lines.get(timeout=max(0.1, deadline - time.monotonic()))
            assert line is not None, "make run stopped:\n" + "\n".join(self.output[-40:])
            self.output.append(line)
            if text in line:
                return self.output

    def stop(self) -> int:
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            return self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            raise


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    tree = fresh_copy(tmp_path_factory.mktemp("fresh-clone"))
    run = MakeRun(tree, port)
    try:
        startup = run.read_until(READY, STARTUP_SECONDS)
        yield {"site": f"http://127.0.0.1:{port}", "tree": tree, "startup": startup, "run": run}
    finally:
        if run.process.poll() is None:
            run.stop()


def demo_rows(tree: Path) -> dict:
    """What the pages are asked about, read from the demo's SQLite file."""
    db = sqlite3.connect(f"file:{tree / 'db.sqlite3'}?mode=ro", uri=True)
    one = lambda sql: db.execute(sql).fetchone()  # noqa: E731
    entry = "SELECT id, url FROM registry_socialaccount WHERE status = '{}' ORDER BY id"
    rows = {status: one(entry.format(status)) for status in ("verified", "suspended", "closed")}
    rows["x"] = one(
        "SELECT handle, platform_account_id FROM registry_socialaccount "
        "WHERE platform = 'x' AND status = 'verified' AND platform_account_id != '' ORDER BY id"
    )
    rows["ministry"] = one("SELECT slug FROM accounts_ministry ORDER BY id")[0]
    rows["service"] = one("SELECT slug FROM accounts_service ORDER BY id")[0]
    db.close()
    return rows


def public_paths(rows: dict) -> list[str]:
    verified_id, verified_url = rows["verified"]
    handle, x_number = rows["x"]
    links = [
        verified_url,
        rows["suspended"][1],
        rows["closed"][1],
        "https://x.com/nobody_here",
        "https://twitter.com.evil.example/gouvernement",  # a look-alike
        f"https://x.com/{handle}/status/1234567890",  # a post link
        f"https://x.com/i/user/{x_number}",  # the permanent id
    ]
    ministry, service = rows["ministry"], rows["service"]
    return [
        *(f"/fr/verify/?url={quote(link, safe='')}" for link in links),
        *(f"/api/v1/verify/?url={quote(link, safe='')}" for link in links),
        "/fr/", f"/fr/?ministry={ministry}", f"/fr/?service={service}", "/fr/?platform=x",
        "/fr/?q=sant%C3%A9", "/fr/?page=2",
        *(f"/fr/?state={state}" for state in ("current", "verified", "suspended", "closed", "all")),
        "/de/", "/en/", "/fr/report/", f"/fr/report/?url={quote(links[3], safe='')}",
        f"/fr/accounts/{verified_id}/", f"/fr/ministries/{ministry}/", "/fr/feed/", "/fr/embed/",
        "/api/v1/accounts/", f"/api/v1/accounts/?ministry={ministry}&status=verified",
        f"/api/v1/accounts/{verified_id}/", "/api/v1/ministries/", "/api/v1/platforms/",
        "/api/schema/", "/open-data/accounts.csv", "/open-data/accounts.json",
        "/open-data/accounts.xlsx", "/open-data/datapackage.json", "/open-data/catalog.jsonld",
        f"/badges/{verified_id}.svg", "/.well-known/official-accounts.json", "/robots.txt",
        "/sitemap.xml", "/healthz",
    ]  # fmt: skip


def signed_in(site: str, email: str) -> requests.Session:
    browser = requests.Session()
    login = f"{site}/fr/account/login/"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', browser.get(login).text)
    answer = browser.post(
        login,
        {
            "csrfmiddlewaretoken": token.group(1),
            "username": email,
            "password": "demo-registry-2026",
        },
        headers={"Referer": login},
        allow_redirects=False,
    )
    assert answer.status_code == 302, f"{email} could not sign in: {answer.status_code}"
    return browser


def pages_linked_from(browser, site: str, start: str) -> set[str]:
    """`start` and every page under it that it links to (what a member clicks first)."""
    body = browser.get(site + start).text
    links = {urljoin(start, href) for href in re.findall(r'href="([^"#?]+)', body)}
    return {start} | {link for link in links if link.startswith(start)}


def test_make_run_starts_quietly_and_ends_with_the_address_and_the_demo_logins(served):
    startup = [line for line in served["startup"] if line.strip()]
    address_line = next(i for i, line in enumerate(startup) if "The registry is served at" in line)
    assert served["site"] in startup[address_line]
    assert "demo-registry-2026" in startup[address_line + 1]
    assert "sophie.reuter@sip.example" in "\n".join(startup[address_line:])
    assert startup[-1].startswith(READY)
    noise = [line for line in startup if re.search(r" (INFO|DEBUG) |Applying |Watching for", line)]
    assert noise == []
    assert not any("=?utf-8?" in line for line in startup)  # e-mail subjects printed decoded


def test_every_public_page_answers_without_a_server_error(served):
    site, rows = served["site"], demo_rows(served["tree"])
    answers = {
        path: requests.get(site + path, timeout=60).status_code for path in public_paths(rows)
    }
    # The API refuses a link the parser refuses (the look-alike) with a 400 that says why.
    lookalike = (
        f"/api/v1/verify/?url={quote('https://twitter.com.evil.example/gouvernement', safe='')}"
    )
    assert answers.pop(lookalike) == 400
    assert {path: code for path, code in answers.items() if code != 200} == {}


def test_a_citizen_reports_a_suspected_fake(served):
    site, browser = served["site"], requests.Session()
    form = f"{site}/fr/report/"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', browser.get(form).text)
    answer = browser.post(
        form,
        {"csrfmiddlewaretoken": token.group(1), "url": "https://x.com/faux_gouvernement"},
        headers={"Referer": form},
        allow_redirects=False,
    )
    assert answer.status_code == 302
    assert browser.get(urljoin(form, answer.headers["Location"])).status_code == 200


@pytest.mark.parametrize(
    ("email", "start"),
    [
        ("claire.muller@finances.example", "/fr/workspace/"),
        ("luc.hoffmann@finances.example", "/fr/workspace/"),
        ("sophie.reuter@sip.example", "/fr/review/"),
        ("anne.schmit@sip.example", "/fr/admin/"),
    ],
)
def test_every_page_a_signed_in_member_reaches_first_answers(served, email, start):
    site = served["site"]
    browser = signed_in(site, email)
    pages = pages_linked_from(browser, site, start)
    assert len(pages) > 1
    answers = {page: browser.get(site + page, timeout=60).status_code for page in sorted(pages)}
    assert {page: code for page, code in answers.items() if code >= 400} == {}


def test_make_run_stops_cleanly_with_its_process_group(served):
    run = served["run"]
    run.stop()
    port = int(served["site"].rsplit(":", 1)[1])
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0  # nothing serves any more
