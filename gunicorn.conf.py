"""Gunicorn settings for the registry: `gunicorn -c gunicorn.conf.py registry.wsgi`.

Read from the environment, like the Django settings. `bench/run` uses this file too, so the
benchmark measures the server that production runs.
"""

import gc
import logging
import os
from pathlib import Path

wsgi_app = "registry.wsgi:application"

# Behind a load balancer, bind to the address it reaches (e.g. 0.0.0.0:8000).
bind = [os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")]

# Sync workers, one request each: the registry's requests are short and mostly CPU (templates,
# serialization), so one worker per core plus one to cover the time a worker waits on
# PostgreSQL. `bench/run` measured cores + 1 against 2 x cores on a 2-core machine: see
# docs/deployment.md. WEB_CONCURRENCY overrides it (the name Heroku and others use).
workers = int(os.environ.get("WEB_CONCURRENCY") or (os.cpu_count() or 1) + 1)
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
# Recycle a worker now and then, so a slow leak cannot grow without bound. Not too often: a new
# worker starts with an empty local cache, so during a rush (1,000+ requests a second) a 10,000
# limit recycled each worker every few seconds, and the benchmark's p99 rose from 12 to 55 ms.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "100000"))
max_requests_jitter = max_requests // 10
# Load the app once in the master: workers start faster and share memory.
preload_app = True


def child_exit(server, worker):
    """A worker that ends leaves its metrics files to the others (prometheus-client's
    multiprocess mode, PROMETHEUS_MULTIPROC_DIR: registry.web.metrics)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


def pre_fork(server, worker):
    """Before each fork, in the master: the project's templates compiled once (a new worker,
    or one recycled, then renders its first directory page as fast as its thousandth: the first
    took 40 ms more), and what the master holds (Django, the project, those templates: some
    150,000 objects) frozen out of the garbage collector (Python's `gc.freeze`): a worker's full
    collection walks only its own objects (in a warm worker at a million accounts one took
    57 ms), and never writes to the master's shared pages."""
    _compile_templates()
    gc.freeze()


def _compile_templates() -> None:
    """Every template of templates/ into the cached loader of Django's engine (once)."""
    from django.template import TemplateSyntaxError, engines  # the app is loaded (preload_app)

    engine = engines["django"]
    if getattr(engine, "_compiled_in_master", False):
        return
    engine._compiled_in_master = True
    root = Path(__file__).resolve().parent / "templates"
    for path in sorted(root.rglob("*.html")):
        try:
            engine.get_template(path.relative_to(root).as_posix())
        except TemplateSyntaxError as error:  # the page that uses it fails; the server starts
            logging.getLogger("gunicorn.error").error("Template %s: %s", path, error)


# Any request line is read (0: gunicorn's own limit, at most 8,190 bytes, would refuse a valid
# API `url` of 700 accented letters with gunicorn's HTML 414); the application refuses a target
# longer than settings.MAX_REQUEST_TARGET (32 KiB) with its own 414, JSON under /api/.
limit_request_line = 0

# The load balancer gives the client address and the scheme; trust only its address.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")

# One line per request on standard output, with the request id that RequestIdMiddleware put
# on the response (the same id appears on every application log line of that request).
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms request_id=%({x-request-id}o)s "%(a)s"'
# Tokens in paths (password reset, invitation) and secret query parameters are redacted, and
# the client address is the one every limit uses (registry.web.log_redaction and
# registry.web.client_address).
logger_class = "registry.web.log_redaction.RedactingGunicornLogger"
