"""The register `make run` serves: SQLite, migrated (the count triggers included) and loaded
with the demo, answering the public lists with every kind of filter, each in name order.

The suite's database is PostgreSQL; here a process of its own runs the project on a SQLite file,
as `make run` does, through Django's test client.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Paths of the public lists; {ministry} and {service} are the demo's largest.
PATHS = [
    "/en/",
    "/en/?ministry={ministry}",
    "/en/?service={service}",
    "/en/?state=closed",
    "/en/?ministry={ministry}&state=all",
    "/en/?q=sante",
    "/api/v1/accounts/?ministry={ministry}&page_size=3&page=2",
    "/api/v1/accounts/?status=verified&page_size=4&page=3",
    "/api/v1/accounts/?service={service}",
    "/api/v1/ministries/",
    "/api/v1/platforms/",
]

# Run in the project's process on SQLite: each path's status and whether its entries come in
# name order, as the database orders the same selection.
CHECK = """
import json, os
from django.db.models import Count
from django.test import Client
from django.test.utils import setup_test_environment
from accounts.models import Ministry, Service
from registry.models import SocialAccount

ministry = Ministry.objects.annotate(n=Count("services__entries")).order_by("-n")[0].slug
service = Service.objects.annotate(n=Count("entries")).order_by("-n")[0].slug
setup_test_environment()  # the pages' context, kept for the check
client = Client()
found = {}
for template in json.loads(os.environ["CHECKED_PATHS"]):
    path = template.format(ministry=ministry, service=service)
    response = client.get(path, HTTP_HOST="127.0.0.1")
    if response.status_code != 200:
        found[template] = [response.status_code, None]
        continue
    if path.startswith("/api/v1/accounts/"):
        ids = [row["id"] for row in response.json()["results"]]
    elif path.startswith("/en/"):
        ids = [entry.pk for entry in response.context["page"].object_list]
    else:
        ids = []
    names = list(SocialAccount.objects.filter(pk__in=ids).values_list("display_name", "pk"))
    ordered = [pk for _name, pk in sorted(names)] == ids
    found[template] = [200, ordered and (bool(ids) or not path.startswith(("/en/", "/api/v1/a")))]
print(json.dumps(found))
"""


def project(database: Path, *arguments: str, **variables: str) -> str:
    environment = (
        os.environ
        | variables
        | {
            "DJANGO_DEBUG": "1",
            "DATABASE_URL": f"sqlite:///{database}",
            "DJANGO_LOG_LEVEL": "ERROR",
        }
    )
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run(  # noqa: S603 -- our own manage.py, fixed arguments
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return done.stdout


@pytest.fixture(scope="module")
def demo_on_sqlite(tmp_path_factory) -> Path:
    database = tmp_path_factory.mktemp("make-run") / "db.sqlite3"
    project(database, "migrate", "--no-input", "-v0")
    project(database, "seed_demo")
    return database


def test_the_sqlite_register_answers_every_list_in_name_order(demo_on_sqlite):
    output = project(demo_on_sqlite, "shell", "-c", CHECK, CHECKED_PATHS=json.dumps(PATHS))
    found = json.loads(output.strip().splitlines()[-1])
    assert found == {path: [200, True] for path in PATHS}


# Run on the SQLite demo: the verify page, the home box's target and the API answer an entry by
# its handle, by an accepted alias and by its permanent id; a report of a suspected fake is kept.
VERIFY = """
import json
from django.test import Client
from registry.models import EntryAlias, SocialAccount

entry = SocialAccount.objects.filter(platform="x", status="verified").exclude(
    platform_account_id=""
).first()
EntryAlias.objects.create(
    entry=entry, platform="x", key="ancien_nom", url="https://x.com/ancien_nom",
    source=EntryAlias.Source.MINISTRY, status=EntryAlias.Status.ACCEPTED,
)
links = {
    "handle": f"https://x.com/{entry.handle}/status/1234567890",
    "alias": "https://twitter.com/ancien_nom",
    "permanent id": f"https://x.com/i/user/{entry.platform_account_id}",
    "not registered": "https://x.com/nobody_here",
}
client = Client()
found = {}
for name, link in links.items():
    page = client.get("/en/verify/", {"url": link}, HTTP_HOST="127.0.0.1")
    api = client.get("/api/v1/verify/", {"url": link}, HTTP_HOST="127.0.0.1")
    answer = api.json() if api.status_code == 200 else {}
    found[name] = [page.status_code, api.status_code, answer.get("result"),
                   (answer.get("account") or {}).get("id") == entry.pk]
fake = {"url": "https://x.com/faux_gouvernement"}
report = client.post("/en/report/", fake, HTTP_HOST="127.0.0.1")
found["report"] = [report.status_code]
print(json.dumps(found))
"""


def test_the_sqlite_register_answers_verify_by_handle_alias_and_permanent_id(demo_on_sqlite):
    output = project(demo_on_sqlite, "shell", "-c", VERIFY)
    found = json.loads(output.strip().splitlines()[-1])
    assert found == {
        "handle": [200, 200, "official", True],
        "alias": [200, 200, "official", True],
        "permanent id": [200, 200, "official", True],
        "not registered": [200, 200, "not_registered", False],
        "report": [302],
    }


def test_seed_bulk_refuses_sqlite_and_says_what_it_needs(demo_on_sqlite):
    with pytest.raises(subprocess.CalledProcessError) as refused:
        project(demo_on_sqlite, "seed_bulk", "--accounts", "10")
    assert "seed_bulk needs PostgreSQL" in refused.value.stderr
