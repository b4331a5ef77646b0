"""Every public page and API endpoint costs the same number of queries at 5 and at 60 accounts.

Each answer is measured cold (a new register version, so nothing comes from the cache), once
with 5 public accounts and once with 60: a query per row (an N+1) would make them differ.
A warm answer costs no query at all.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registry.freshness.kept import register_version
from registry.models import Status
from tests.conftest import content_of, everything_changed

# The first entries, which the addresses below name; the rest only make the register bigger.
NAMED = [
    ("gouvlu", Status.VERIFIED),
    ("gouvsuspendu", Status.SUSPENDED),
    ("gouvferme", Status.CLOSED),
]
CYCLE = [Status.VERIFIED, Status.SUSPENDED, Status.CLOSED]

ADDRESSES = {
    "directory": "/fr/",
    "directory, second page": "/fr/?page=2",
    "directory, filtered": "/fr/?platform=x&state=all",
    "directory, by ministry": "/fr/?ministry={ministry}",
    "directory, search": "/fr/?q=Test",
    "account page": "/fr/accounts/{official}/",
    "ministry page": "/fr/ministries/{ministry}/",
    "verify page, official": "/fr/verify/?url=https://x.com/gouvlu",
    "verify page, suspended": "/fr/verify/?url=https://x.com/gouvsuspendu",
    "verify page, closed": "/fr/verify/?url=https://x.com/gouvferme",
    "verify page, not registered": "/fr/verify/?url=https://x.com/inconnu",
    "verify page, not a link": "/fr/verify/?url=https://example.org/nothing",
    "feed": "/fr/feed/",
    "open data, CSV": "/open-data/accounts.csv",
    "open data, JSON": "/open-data/accounts.json",
    "API verify, official": "/api/v1/verify/?url=https://x.com/gouvlu",
    "API verify, closed": "/api/v1/verify/?url=https://x.com/gouvferme",
    "API verify, not registered": "/api/v1/verify/?url=https://x.com/inconnu",
    "API accounts": "/api/v1/accounts/",
    "API accounts, by platform": "/api/v1/accounts/?platform=x",
    "API accounts, by ministry": "/api/v1/accounts/?ministry={ministry}&page_size=10",
    "API account": "/api/v1/accounts/{official}/",
    "API ministries": "/api/v1/ministries/",
    "API platforms": "/api/v1/platforms/",
}


@pytest.fixture
def grow(make_entry, service_a, service_b):
    """Adds public entries until the register holds `total`, spread over two ministries and
    the three public statuses; the first ones are NAMED."""
    made = []

    def grow_to(total: int) -> list:
        while len(made) < total:
            n = len(made)
            handle, status = NAMED[n] if n < len(NAMED) else (None, CYCLE[n % 3])
            service = service_a if n % 2 == 0 else service_b
            made.append(make_entry(status, handle=handle, service=service))
        return made

    return grow_to


@pytest.fixture(autouse=True)
def version_confirmed_for_the_test(settings):
    """The register's version is read once per freshness bound: counted here are the answer's
    own queries (tests/test_freshness_bound.py counts the version's)."""
    settings.REGISTER_FRESHNESS_SECONDS = 3600


def cold_queries(client, address: str) -> int:
    everything_changed()  # nothing from the cache
    register_version()  # the new version read, as the first request after a change does
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
        content_of(response)  # a streamed file reads the database while it is sent
    assert response.status_code == 200, address
    return len(queries)


@pytest.mark.parametrize("name", list(ADDRESSES))
def test_the_number_of_queries_is_the_same_with_5_and_with_60_accounts(
    client, grow, ministry_a, name
):
    official = grow(5)[0]
    address = ADDRESSES[name].format(official=official.pk, ministry=ministry_a.slug)
    with_5 = cold_queries(client, address)
    grow(60)
    assert cold_queries(client, address) == with_5


@pytest.mark.parametrize(
    "address",
    [
        "/fr/",
        "/fr/?platform=x",
        "/fr/?q=Test",
        "/fr/verify/?url=https://x.com/gouvlu",
        "/api/v1/verify/?url=https://x.com/gouvlu",
        "/api/v1/accounts/?platform=x",
    ],
)
def test_an_answer_asked_again_costs_no_query(client, grow, address):
    grow(5)
    first = client.get(address)
    with CaptureQueriesContext(connection) as queries:
        again = client.get(address)
    assert again.status_code == first.status_code == 200
    assert len(queries) == 0


def test_the_directory_counts_every_page_once_per_register_version(client, grow):
    grow(60)
    client.get("/fr/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/fr/?page=2")
    assert not [q for q in queries if "COUNT(" in q["sql"]]
