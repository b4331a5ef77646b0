"""What `make run` does once installed (`manage.py serve_demo`): prepare the demo register, run
its first jobs, then serve it with a job worker and the scheduler beside the server, and print
the address and the demo logins last, when the server answers.

Quiet by default: the migrations, the seeding, the worker's and the server's start-up lines say
nothing a newcomer can act on (`-v 2`, `make run VERBOSE=1`, shows them all). What stays: the
e-mails the worker prints, each request the server answers, warnings and errors.
Ctrl-C, a SIGTERM or any of the three processes ending stops all three.
"""

import contextlib
import io
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from django.core.management import call_command
from django.db import connections

from registry.demo.government import DEMO_PASSWORD, demo_logins

MANAGE = [sys.executable, str(Path(__file__).resolve().parents[2] / "manage.py")]
SCHEDULER_SECONDS = 60
# What stays unsaid unless verbose: the lines runserver prints each time it (re)starts (the
# address is given at the end), and the job worker's own progress lines, which it logs at INFO
# whatever DJANGO_LOG_LEVEL says (the e-mails it prints stay, blank lines included).
SERVER_NOISE = re.compile(
    r"^(|Performing system checks.*|System check identified.*|Django version .*"
    r"|Starting development server at .*|Quit the server with .*"
    r"|\w+ \d{2}, \d{4} - \d{2}:\d{2}:\d{2})$"
)
WORKER_NOISE = re.compile(r"^\S+ \S+ (INFO|DEBUG) django_tasks")


class Demo:
    def __init__(self, address: str, *, verbose: bool, out=sys.stdout):
        host, _, port = address.rpartition(":")
        self.host, self.port = host or "127.0.0.1", int(port)
        self.verbose, self.out = verbose, out
        self.children: list[subprocess.Popen] = []
        self.forwarders: list[threading.Thread] = []
        self.stopping = threading.Event()

    def prepare(self) -> None:
        """Migrate, load the demo, and run the jobs due now (the open data, the watch's first
        checks) before anything is served."""
        self.say("Preparing the demo register (migrations, demo data, first jobs)…")
        quiet = None if self.verbose else io.StringIO()
        call_command("migrate", interactive=False, verbosity=1 if self.verbose else 0, stdout=quiet)
        call_command("seed_demo", stdout=quiet or self.out)
        call_command("run_due_jobs", verbosity=1 if self.verbose else 0, stdout=quiet or self.out)
        connections.close_all()  # the children open their own
        first_jobs = ["db_worker", "--queue-name", "*", "--batch", "--no-reload"]
        batch = self.run_child(first_jobs, noise=WORKER_NOISE)
        batch.wait()
        if batch.stdout is not None:
            self.forwarders.pop().join()  # every line it printed, before the banner

    def serve(self) -> int:
        """Start the worker, the stream reader, the scheduler and the server; the exit code when
        the worker or the server stops."""
        worker = self.run_child(
            ["db_worker", "--queue-name", "*", "--no-reload"], noise=WORKER_NOISE
        )
        # The watch's reader of Bluesky's push stream (registry.watch.stream): it reconnects by
        # itself, so the demo goes on without it where the stream cannot be reached.
        self.run_child(["watch_bluesky_stream"], noise=WORKER_NOISE)
        server = self.run_child(
            ["runserver", f"{self.host}:{self.port}", "--skip-checks"], noise=SERVER_NOISE
        )
        threading.Thread(target=self.schedule, daemon=True).start()
        if not self.wait_for(server):
            self.say(f"The server did not start on {self.host}:{self.port} (see above).")
            return 1
        self.banner()
        while not self.stopping.is_set():
            for child in (worker, server):
                if child.poll() is not None:
                    return child.returncode
            self.stopping.wait(0.5)
        return 0

    def run_child(self, arguments: list[str], *, noise=None) -> subprocess.Popen:
        environment = os.environ | {"DJANGO_RUNSERVER_HIDE_WARNING": "true"}
        if not self.verbose:
            environment.setdefault("DJANGO_LOG_LEVEL", "WARNING")
        child = subprocess.Popen(  # noqa: S603 -- our own manage.py, fixed arguments
            [*MANAGE, *arguments],
            env=environment,
            start_new_session=True,  # stopped as a group: runserver's reloader has a child
            stdout=subprocess.PIPE if noise and not self.verbose else None,
            text=True,
        )
        if child.stdout is not None:
            forwarder = threading.Thread(target=self.forward, args=[child.stdout, noise])
            forwarder.daemon = True
            forwarder.start()
            self.forwarders.append(forwarder)
        self.children.append(child)
        return child

    def forward(self, stream, noise: re.Pattern) -> None:
        for line in stream:
            if not noise.match(line.rstrip("\n")):
                self.out.write(line)
                self.out.flush()

    def schedule(self) -> None:
        """The scheduler loop: enqueue the periodic jobs that are due, every minute."""
        while not self.stopping.wait(SCHEDULER_SECONDS):
            self.run_child(["run_due_jobs", "-v", "1" if self.verbose else "0"]).wait()
            self.children = [child for child in self.children if child.poll() is None]

    def wait_for(self, server: subprocess.Popen, timeout: float = 120) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and server.poll() is None:
            try:
                socket.create_connection((self.host, self.port), timeout=1).close()
                return True
            except OSError:
                time.sleep(0.2)
        return False

    def banner(self) -> None:
        site = f"http://{self.host}:{self.port}"
        lines = [
            "",
            f"The registry is served at {site}/fr/ (also /de/ and /en/).",
            f"Sign in at {site}/fr/account/login/, every demo login's password is {DEMO_PASSWORD}:",
            *(f"  {person.email:<34} {person.demo_login}" for person in demo_logins()),
            "E-mails are printed here. Ctrl-C stops the server, the job worker and the scheduler.",
            "",
        ]
        self.say("\n".join(lines))

    def say(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def stop(self) -> None:
        self.stopping.set()
        children = list(self.children)
        for child in children:
            if child.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(child.pid, signal.SIGTERM)
        for child in children:
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(child.pid, signal.SIGKILL)


def serve_demo(address: str, *, verbose: bool = False) -> int:
    demo = Demo(address, verbose=verbose)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        demo.prepare()
        return demo.serve()
    except KeyboardInterrupt:
        return 130
    finally:
        demo.stop()
