"""Class 10: a setting that cannot be read refuses to start, naming the variable."""

import pytest

from tests.test_settings import production_env, run


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("REQUIRE_STAFF_2FA", "ture"),
        ("AXES_ENABLED", "nope"),
        ("DJANGO_SECURE_SSL_REDIRECT", "yes please"),
        ("EMAIL_USE_TLS", "2"),
        ("DJANGO_TRUSTED_PROXY_COUNT", "one"),
        ("DJANGO_TRUSTED_PROXY_COUNT", "-1"),
        ("AXES_FAILURE_LIMIT", "0"),
        ("PUBLIC_CACHE_MAX_AGE", "1.5"),
        ("API_THROTTLE_RATE", "lots"),
    ],
)
def test_an_unreadable_value_refuses_to_start_naming_the_variable(name, value):
    done = run(["manage.py", "check"], production_env(**{name: value}))
    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr
    assert name in done.stderr


@pytest.mark.parametrize("value", ["0", "false", "No", " OFF "])
def test_the_spellings_of_no_are_read_as_no(value):
    script = "from django.conf import settings; print(settings.REQUIRE_STAFF_2FA)"
    done = run(["manage.py", "shell", "-c", script], production_env(REQUIRE_STAFF_2FA=value))
    assert done.stdout.strip().splitlines()[-1] == "False", done.stderr
