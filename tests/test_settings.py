"""Production settings: safe with nothing set; the deployment checks pass without a warning."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Variables that tests or a developer's shell set to loosen production defaults.
LOOSENING = (
    "DJANGO_DEBUG",
    "DJANGO_SECURE_SSL_REDIRECT",
    "DJANGO_STATIC_MANIFEST",
    "REQUIRE_STAFF_2FA",
    "DJANGO_HSTS_SECONDS",
    "DJANGO_SECRET_KEY",
    "DJANGO_ALLOWED_HOSTS",
    "AXES_ENABLED",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # the browser tests set it for their own process
)


def production_env(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in LOOSENING}
    env |= {
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "registry.example.org",
        # Production names the public log's signing key (docs/transparency.md).
        "TRANSPARENCY_SIGNING_KEY_FILE": "/run/secrets/transparency-log.pem",
        "SITE_URL": "https://registry.example.org",
        "DJANGO_SETTINGS_MODULE": "registry.settings",
    }
    env.update(extra)
    return env


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 -- our own interpreter and manage.py
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_the_deployment_checks_pass_without_a_single_warning():
    done = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env())
    assert done.returncode == 0, done.stdout + done.stderr
    assert "WARNING" not in done.stderr + done.stdout
    assert "System check identified no issues" in done.stdout


def test_the_deployment_checks_fail_when_debug_is_on():
    done = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        production_env(DJANGO_DEBUG="1"),
    )
    assert done.returncode != 0
    assert "security.W018" in done.stderr + done.stdout  # DEBUG on in deployment


@pytest.mark.parametrize(
    "site_url",
    [
        None,
        "http://registry.example.org",
        "https://127.0.0.1:8000",
        "https://localhost",
        "https://10.0.0.5",
    ],
)
def test_the_deployment_checks_refuse_a_site_url_that_is_not_the_public_https_one(site_url):
    env = production_env()
    env.pop("SITE_URL")
    if site_url is not None:
        env["SITE_URL"] = site_url
    done = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert done.returncode != 0
    assert "registry.E001" in done.stderr + done.stdout


@pytest.mark.parametrize("key", [None, "", "   "])
def test_the_app_refuses_to_start_without_a_secret_key_when_debug_is_off(key):
    env = production_env()
    env.pop("DJANGO_SECRET_KEY")
    if key is not None:
        env["DJANGO_SECRET_KEY"] = key
    done = run(["manage.py", "check"], env)
    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr
    assert "DJANGO_SECRET_KEY is not set" in done.stderr


def test_production_defaults_are_the_safe_ones():
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.REQUIRE_STAFF_2FA, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, s.AXES_ENABLED, s.X_FRAME_OPTIONS)"
    )
    done = run(["-c", script], production_env())
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [
        "False",
        "True",
        "True",
        "True",
        "True",
        "31536000",
        "True",
        "DENY",
    ]
