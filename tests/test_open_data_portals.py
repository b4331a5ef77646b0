"""What data portals harvest: the Frictionless Data Package (validated by `frictionless validate`,
the real tool, against a live server) and the DCAT-AP catalog (read as RDF by rdflib)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib import namespace as ns

from registry.exports.open_data import COLUMNS
from registry.models import Status

FRICTIONLESS = str(Path(sys.executable).parent / "frictionless")


@pytest.fixture
def tricky_entries(make_entry, service_b, other_editor):
    """Public entries whose cells test the schema: a formula-like name (quoted in the CSV), an
    empty optional date, accents, a suspended account with its notice."""
    make_entry(Status.VERIFIED, display_name="-Moins", platform_account_id="000123")
    make_entry(Status.CLOSED)
    make_entry(Status.SUSPENDED, public_notice="Compte piraté, ne pas suivre.")
    make_entry(Status.VERIFIED, service=service_b, created_by=other_editor)
    make_entry(Status.DRAFT)


def frictionless_report(url: str) -> dict:
    run = subprocess.run(  # noqa: S603 - the pinned validator, fixed arguments
        [FRICTIONLESS, "validate", "--json", url], capture_output=True, text=True, timeout=120
    )
    return json.loads(run.stdout)


@pytest.mark.django_db(transaction=True)
def test_frictionless_validates_the_data_package_and_its_csv(live_server, tricky_entries):
    report = frictionless_report(f"{live_server.url}/open-data/datapackage.json")
    errors = [error for task in report["tasks"] for error in task["errors"]]
    assert report["valid"], errors
    assert [task["stats"]["rows"] for task in report["tasks"] if task["type"] == "table"] == [4]
    assert [task["name"] for task in report["tasks"]] == [
        "accounts",
        "accounts-json",
        "official-accounts",
    ]


@pytest.mark.django_db(transaction=True)
def test_frictionless_refuses_a_csv_that_breaks_the_schema(live_server, tricky_entries, tmp_path):
    """The check can fail: the same descriptor over a CSV with a bad status is invalid."""
    import urllib.request

    with urllib.request.urlopen(f"{live_server.url}/open-data/datapackage.json") as answer:  # noqa: S310
        descriptor = json.load(answer)
    with urllib.request.urlopen(f"{live_server.url}/open-data/accounts.csv") as answer:  # noqa: S310
        text = answer.read().decode().replace(",verified,", ",official,", 1)
    (tmp_path / "accounts.csv").write_text(text, encoding="utf-8")
    descriptor["resources"][0]["path"] = "accounts.csv"
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    report = frictionless_report(str(tmp_path / "datapackage.json"))
    assert not report["valid"]
    assert report["tasks"][0]["errors"][0]["type"] == "constraint-error"


def test_the_table_schema_names_every_column_in_order(client, db):
    descriptor = client.get("/open-data/datapackage.json").json()
    resource = descriptor["resources"][0]
    assert [field["name"] for field in resource["schema"]["fields"]] == list(COLUMNS)
    assert resource["path"] == "http://testserver/open-data/accounts.csv"
    assert descriptor["licenses"][0]["path"] == "https://creativecommons.org/publicdomain/zero/1.0/"


def catalog_graph(client) -> Graph:
    response = client.get("/open-data/catalog.jsonld")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    return Graph().parse(data=response.content, format="json-ld")


def test_the_dcat_catalog_describes_the_dataset_its_three_files_licence_and_publisher(
    client, verified_entry
):
    graph = catalog_graph(client)
    catalog = next(graph.subjects(ns.RDF.type, ns.DCAT.Catalog))
    dataset = graph.value(catalog, ns.DCAT.dataset)
    assert (dataset, ns.RDF.type, ns.DCAT.Dataset) in graph
    titles = {title.language: str(title) for title in graph.objects(dataset, ns.DCTERMS.title)}
    assert titles["fr"] == "Comptes officiels du gouvernement"
    assert set(titles) == {"lb", "fr", "de", "en"}
    assert graph.value(dataset, ns.DCTERMS.modified) is not None
    publisher = graph.value(dataset, ns.DCTERMS.publisher)
    assert (
        str(graph.value(publisher, ns.FOAF.name)) == "Service information et presse du gouvernement"
    )
    downloads = {
        str(graph.value(distribution, ns.DCAT.downloadURL))
        for distribution in graph.objects(dataset, ns.DCAT.distribution)
    }
    assert downloads == {
        f"http://testserver/open-data/accounts.{kind}" for kind in ("csv", "json", "xlsx")
    }
    for distribution in graph.objects(dataset, ns.DCAT.distribution):
        assert graph.value(distribution, ns.DCTERMS.license) == URIRef(
            "https://creativecommons.org/publicdomain/zero/1.0/"
        )
        assert graph.value(distribution, ns.DCAT.mediaType) is not None


def test_publisher_and_licence_come_from_settings(client, db, settings):
    settings.OPEN_DATA_PUBLISHER = "Service des médias"
    settings.OPEN_DATA_PUBLISHER_URL = "https://smc.example.lu/"
    settings.OPEN_DATA_LICENSE = "https://creativecommons.org/licenses/by/4.0/"
    graph = catalog_graph(client)
    assert (URIRef("https://smc.example.lu/"), ns.FOAF.name, None) in graph
    assert str(graph.value(URIRef("https://smc.example.lu/"), ns.FOAF.name)) == "Service des médias"
    licences = set(graph.objects(None, ns.DCTERMS.license))
    assert licences == {URIRef("https://creativecommons.org/licenses/by/4.0/")}


def test_the_json_files_validate_against_their_json_schemas(client, tricky_entries):
    import jsonschema

    from tests.conftest import content_of

    pairs = [
        ("/open-data/accounts.json", "/open-data/accounts.schema.json"),
        ("/.well-known/official-accounts.json", "/open-data/official-accounts.schema.json"),
    ]
    for data_path, schema_path in pairs:
        schema = client.get(schema_path)
        assert schema["Content-Type"].startswith("application/schema+json")
        jsonschema.Draft202012Validator.check_schema(schema.json())
        validator = jsonschema.Draft202012Validator(
            schema.json(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
        )
        data = json.loads(content_of(client.get(data_path)))
        assert data["count"] > 0
        errors = [error.message for error in validator.iter_errors(data)]
        assert errors == [], (data_path, errors[:3])


def test_a_json_file_that_breaks_its_schema_is_caught(client, tricky_entries):
    import jsonschema

    from tests.conftest import content_of

    schema = client.get("/open-data/accounts.schema.json").json()
    data = json.loads(content_of(client.get("/open-data/accounts.json")))
    data["accounts"][0]["status"] = "draft"
    assert not jsonschema.Draft202012Validator(schema).is_valid(data)


def test_the_data_package_lists_the_json_files_with_their_schemas(client, db):
    resources = client.get("/open-data/datapackage.json").json()["resources"]
    listed = {r["name"]: r.get("jsonSchema") for r in resources if r.get("format") == "json"}
    assert listed == {
        "accounts-json": "http://testserver/open-data/accounts.schema.json",
        "official-accounts": "http://testserver/open-data/official-accounts.schema.json",
    }
