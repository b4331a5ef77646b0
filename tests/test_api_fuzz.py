"""Schemathesis against /api/schema/ on a live server: no 500, no answer outside the schema.

Every operation of the schema gets valid and invalid requests (bounded, so the module runs in
well under a minute); every answer must be documented, conform to its schema, and invalid
input must be refused with a 4xx. Part of `make test`.
"""

import itertools

import pytest
import schemathesis
from django.core.cache import cache
from django.core.management import call_command
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from registry.models import PUBLIC_STATUSES, SocialAccount

EXAMPLES_PER_OPERATION = 30


def excluded_checks(operation) -> list:
    # Any string is a valid `url` to the schema, but most strings are not links to an account:
    # verify refuses them with a documented 400, which is the contract, not a failure.
    return [positive_data_acceptance] if operation.path == "/api/v1/verify/" else []


@pytest.fixture
def demo(transactional_db):
    """The demo government of `make run`: public entries of every kind, hidden ones around them."""
    call_command("seed_demo", force=True, verbosity=0)
    assert SocialAccount.objects.public().exists()
    assert SocialAccount.objects.exclude(status__in=PUBLIC_STATUSES).exists()


@pytest.fixture
def api(live_server, demo):
    cache.clear()  # a fresh throttle window for the run
    yield schemathesis.openapi.from_url(f"{live_server.url}/api/schema/?format=json")
    cache.clear()


# Not serialized_rollback: after another transactional test's flush, post_migrate has made the
# groups again under new keys (SQLite never reuses one), which the serialized copy's rows then
# collide with; tests/conftest.py's reference_data puts back what migrations made instead.
@pytest.mark.django_db(transaction=True)
def test_fuzzing_the_api_finds_no_500_and_nothing_outside_the_schema(api, live_server):
    operations = [result.ok() for result in api.get_all_operations()]
    assert len(operations) == 5
    # Both modes in one test: the demo government is seeded once (it takes longer than the run).
    for mode, operation in itertools.product(GenerationMode, operations):

        @given(case=operation.as_strategy(generation_mode=mode))
        @hypothesis_settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def fuzz(case):
            case.call_and_validate(
                base_url=live_server.url, excluded_checks=excluded_checks(case.operation)
            )

        fuzz()
