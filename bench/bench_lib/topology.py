"""The servers under load: one gunicorn (`single`), or two behind HAProxy sharing PostgreSQL and
Redis (`cluster`), all on loopback; and the memory of their workers."""

# ruff: noqa: S603  (running fixed commands with arguments we build is this script's job)
import os
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from string import Template

from bench_lib.config import HAPROXY_CFG, RESULTS, ROOT, fail, python


def server_env(args, database: str, secret: str, open_data_dir: Path) -> dict[str, str]:
    """Production settings on loopback: no DJANGO_DEBUG, a fresh secret, the bench routes on."""
    # GUNICORN_MAX_REQUESTS passes through: 0 keeps workers for a memory soak (no recycling).
    passed = ("PATH", "HOME", "LANG", "TZ", "GUNICORN_MAX_REQUESTS")
    env = {k: os.environ[k] for k in passed if k in os.environ}
    env.update(
        DJANGO_SECRET_KEY=secret,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_CONN_MAX_AGE="60",
        DATABASE_URL=f"{args.postgres}/{database}",
        BENCH_CEILING="1",
        AXES_ENABLED="1",
        OPEN_DATA_DIR=str(open_data_dir),
        # One client address makes all the load: the per-client API throttle would answer 429.
        # Per second, so the throttle (still on) keeps one second of history, as for one client
        # of a rush from many, not a minute of the whole load.
        API_THROTTLE_RATE="100000000/second",
        GUNICORN_ACCESSLOG="",  # a log line per request would measure the terminal
    )
    if args.workers:
        env["WEB_CONCURRENCY"] = str(args.workers)
    if args.redis_url:
        env["REDIS_URL"] = args.redis_url
    if args.topology == "cluster":
        env["DJANGO_TRUSTED_PROXY_COUNT"] = "1"  # the balancer
    return env


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def status_of(port: int, path: str) -> int | None:
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


def _wait_healthy(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            fail(f"{process.args[0]} exited ({process.returncode}); see {log}")
        if status_of(port, "/healthz") == 200:
            return
        time.sleep(0.5)
    stop(process)
    fail(f"/healthz on port {port} did not answer 200 within 90 s; see {log}")


def _start(command: list[str], env: dict | None, log: Path) -> subprocess.Popen:
    with open(log, "w") as out:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Topology:
    """Starts the servers of one size; `port` is where the load goes."""

    def __init__(self, args, env: dict, size: int):
        self.args, self.env, self.size = args, env, size
        self.port = args.port
        self.app_ports = (
            [args.port] if args.topology == "single" else [args.port + 1, args.port + 2]
        )
        self.apps: list[subprocess.Popen] = []
        self.balancer: subprocess.Popen | None = None

    def __enter__(self) -> "Topology":
        RESULTS.mkdir(parents=True, exist_ok=True)
        for port in {self.port, *self.app_ports}:
            if status_of(port, "/healthz") is not None:
                fail(f"something already answers on port {port}: stop it or pass --port")
        try:
            for number, port in enumerate(self.app_ports, start=1):
                log = RESULTS / f"gunicorn-{self.size}-{number}.log"
                env = self.env | {"GUNICORN_BIND": f"127.0.0.1:{port}"}
                app = _start([python(), "-m", "gunicorn", "-c", "gunicorn.conf.py"], env, log)
                self.apps.append(app)
                _wait_healthy(port, app, log)
            if self.args.topology == "cluster":
                self.balancer = self._start_balancer()
        except BaseException:
            self.__exit__()
            raise
        return self

    def _start_balancer(self) -> subprocess.Popen:
        if shutil.which("haproxy") is None:
            fail("haproxy is not installed: `apt-get install -y haproxy` (Debian)")
        config = RESULTS / "haproxy.cfg"
        config.write_text(haproxy_config(self.port, self.app_ports))
        log = RESULTS / f"haproxy-{self.size}.log"
        balancer = _start(["haproxy", "-db", "-f", str(config)], None, log)
        _wait_healthy(self.port, balancer, log)
        return balancer

    def __exit__(self, *exc) -> None:
        for process in [self.balancer, *self.apps]:
            if process is not None:
                stop(process)

    def worker_memory_mb(self) -> list[float]:
        """VmRSS of every gunicorn worker (children of each master), in MB."""
        return [rss_mb(pid) for app in self.apps for pid in children(app.pid)]


def haproxy_config(listen_port: int, app_ports: list[int]) -> str:
    """bench/haproxy.cfg with this run's ports."""
    template = Template(HAPROXY_CFG.read_text())
    return template.substitute(
        listen_port=listen_port, app1_port=app_ports[0], app2_port=app_ports[1], scheme="http"
    )


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return 0.0
