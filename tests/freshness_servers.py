"""Real processes for the freshness fault tests (tests/test_freshness_faults.py) and the
benchmark's fault mode: a Redis server of our own that can be stopped, paused and restarted, two
app servers (gunicorn, the project's gunicorn.conf.py) sharing it and the test database, and a
poll that measures how long after a commit any server still gave the old answer."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(ready, *, timeout: float, what: str) -> None:
    """Waits for `ready()` (polled every 50 ms) or fails naming `what`."""
    deadline = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not come up within {timeout} s")
        time.sleep(0.05)


def answers(address: str) -> bool:
    try:
        with urllib.request.urlopen(address, timeout=2) as response:  # noqa: S310 (loopback)
            return response.status < 500
    except OSError:
        return False


@dataclass
class RedisServer:
    """A redis-server of our own on loopback; snapshots only when SAVE is asked."""

    folder: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
                   "--dir", str(self.folder), "--save", "", "--appendonly", "no"]  # fmt: skip
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)  # noqa: S603
        wait_until(self.ping, timeout=10, what="redis-server")

    def ping(self) -> bool:
        try:
            return self.command("PING") == b"+PONG"
        except OSError:
            return False

    def command(self, *words: str) -> bytes:
        with socket.create_connection(("127.0.0.1", self.port), timeout=2) as conn:
            conn.sendall(" ".join(words).encode() + b"\r\n")
            return conn.recv(4096).strip()

    def kill(self) -> None:
        """SIGKILL: gone at once, nothing saved."""
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None

    def signal(self, number: int) -> None:
        self.process.send_signal(number)

    def restart(self, *, empty: bool) -> None:
        """Killed and started again on the same port: empty, or from its last SAVE."""
        self.kill()
        if empty:
            (self.folder / "dump.rdb").unlink(missing_ok=True)
        self.start()

    def kill_tracking_connections(self) -> None:
        clients = self.command("CLIENT", "LIST").decode()
        for line in clients.splitlines():
            fields = dict(item.split("=", 1) for item in line.split() if "=" in item)
            if "t" in fields.get("flags", ""):
                self.command("CLIENT", "KILL", "ID", fields["id"])


@dataclass
class AppServer:
    """One gunicorn server (one worker) of the project, on loopback."""

    env: dict
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def address(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        env = self.env | {"GUNICORN_BIND": f"127.0.0.1:{self.port}", "WEB_CONCURRENCY": "1"}
        self.process = subprocess.Popen(  # noqa: S603
            [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py", "registry.wsgi"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
        wait_until(lambda: answers(self.address + "/healthz"), timeout=60, what="gunicorn")

    def stop(self) -> None:
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)
            self.process = None


def verify_result(server: AppServer, link: str) -> str:
    query = urllib.parse.urlencode({"url": link})
    address = f"{server.address}/api/v1/verify/?{query}"
    with urllib.request.urlopen(address, timeout=5) as response:  # noqa: S310 (loopback)
        return json.loads(response.read())["result"]


@dataclass
class Staleness:
    """What the servers answered after a commit: the latest request, counted from the commit,
    that still got the old answer (0 when none did), and how many requests were made."""

    worst: float = 0.0
    requests: int = 0


def poll_after_commit(
    servers: list[AppServer], link: str, *, committed_at: float, old: str, until: float
) -> Staleness:
    """Asks every server in turn until `until` seconds after the commit. A request's time is
    when it was sent: the server answered it no earlier, so its staleness is at least that."""
    seen = Staleness()
    while time.monotonic() - committed_at < until:
        for server in servers:
            sent = time.monotonic()
            result = verify_result(server, link)
            seen.requests += 1
            if result == old:
                seen.worst = max(seen.worst, sent - committed_at)
    return seen
