"""The OpenAPI document is a contract generated clients can hold the API to: every real answer
of every endpoint, errors included, validates against it (openapi-core, strict), it asks for no
authentication, its names do not change with its language, and a client generated from it by
openapi-python-client calls every endpoint of a live server."""

import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.test import RequestFactory
from openapi_core import Config, OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse

from registry.models import Status
from registry.web.problems import PROBLEM_JSON

LANGUAGES = ["fr", "de", "en"]


def schema_of(client, language: str = "en") -> dict:
    response = client.get("/api/schema/", {"lang": language})
    assert response.status_code == 200
    return yaml.safe_load(response.content)


@pytest.fixture
def contract(client, db) -> OpenAPI:
    # openapi-core reads `application/json` only; a problem (RFC 9457) is JSON too.
    config = Config(extra_media_type_deserializers={PROBLEM_JSON: json.loads})
    return OpenAPI.from_dict(schema_of(client), config=config)


@pytest.fixture
def entries(verified_entry, suspended_entry, closed_entry) -> dict:
    return {"verified": verified_entry, "suspended": suspended_entry, "closed": closed_entry}


def check(contract: OpenAPI, response, path: str) -> None:
    """Validate `response` as the answer to a GET of `path` (a POST's 405 is documented there)."""
    request = RequestFactory().get(path, HTTP_HOST="testserver")
    contract.validate_response(DjangoOpenAPIRequest(request), DjangoOpenAPIResponse(response))


def verify_path(entries, which: str) -> str:
    handle = entries[which].handle if which in entries else "nobody_here"
    return f"/api/v1/verify/?url=https://x.com/{handle}"


# (path, expected status): every endpoint, its successes and its errors.
ANSWERS = [
    ("verify:verified", 200),
    ("verify:suspended", 200),
    ("verify:closed", 200),
    ("verify:not_registered", 200),
    ("/api/v1/verify/", 400),
    ("/api/v1/verify/?url=", 400),
    ("/api/v1/verify/?url=https://example.org/not-a-platform", 400),
    ("/api/v1/verify/?url=https://x.com/someone&lang=xx", 400),
    ("/api/v1/accounts/", 200),
    ("/api/v1/accounts/?status=closed&lang=de", 200),
    ("/api/v1/accounts/?platform=myspace", 400),
    ("/api/v1/accounts/?page=99", 404),
    ("account:verified", 200),
    ("/api/v1/accounts/999999/", 404),
    ("/api/v1/ministries/", 200),
    ("/api/v1/ministries/?lang=fr", 200),
    ("/api/v1/platforms/", 200),
]


def path_of(spec: str, entries: dict) -> str:
    kind, _sep, which = spec.partition(":")
    if kind == "verify":
        return verify_path(entries, which)
    if kind == "account":
        return f"/api/v1/accounts/{entries[which].pk}/"
    return spec


@pytest.mark.parametrize(("spec", "status"), ANSWERS)
def test_every_answer_validates_against_the_schema_on_both_paths(
    client, contract, entries, spec, status
):
    """Twice: DRF computes the first answer, the hot path serves the second from the cache."""
    path = path_of(spec, entries)
    for _ in range(2):
        response = client.get(path)
        assert response.status_code == status
        check(contract, response, path)


def test_the_not_registered_answer_with_a_null_account_validates(client, contract, entries):
    response = client.get(verify_path(entries, "nobody"))
    assert response.json()["result"] == "not_registered"
    assert response.json()["account"] is None
    check(contract, response, verify_path(entries, "nobody"))


def test_the_validator_refuses_an_answer_that_breaks_the_schema(client, contract, entries):
    """The check can fail: an account without its id is refused."""
    from openapi_core.validation.response.exceptions import InvalidData

    path = f"/api/v1/accounts/{entries['verified'].pk}/"
    response = client.get(path)
    body = response.json()
    del body["id"]
    response.content = json.dumps(body).encode()
    with pytest.raises(InvalidData):
        check(contract, response, path)


@pytest.mark.parametrize(("method", "status"), [("post", 405), ("put", 405), ("delete", 405)])
def test_a_write_gets_a_documented_405(client, contract, entries, method, status):
    response = getattr(client, method)("/api/v1/platforms/")
    assert response.status_code == status
    check(contract, response, "/api/v1/platforms/")


def test_a_revalidation_gets_a_documented_304(client, contract, entries):
    first = client.get("/api/v1/platforms/")
    again = client.get("/api/v1/platforms/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    check(contract, again, "/api/v1/platforms/")


def test_a_client_over_the_rate_gets_a_documented_429(client, contract, db, slow_rate):
    for _ in range(3):
        client.get("/api/v1/ministries/")
    response = client.get("/api/v1/ministries/")
    assert response.status_code == 429
    check(contract, response, "/api/v1/ministries/")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_schema_asks_for_no_authentication(client, db, language):
    schema = schema_of(client, language)
    assert "security" not in schema
    assert "securitySchemes" not in schema.get("components", {})
    for operations in schema["paths"].values():
        for operation in operations.values():
            assert operation.get("security", []) == [], operation["operationId"]


def names_in(schema: dict) -> tuple:
    """What a generator names: components, operations, and the titles it would turn into types."""
    titles = set()

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("title"), str) and ("type" in node or "enum" in node):
                titles.add(node["title"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema["paths"])
    walk(schema["components"])
    operations = sorted(
        operation["operationId"]
        for operations in schema["paths"].values()
        for operation in operations.values()
    )
    return sorted(schema["components"]["schemas"]), operations, sorted(titles)


def test_type_and_operation_names_are_the_same_in_every_language(client, db):
    english = names_in(schema_of(client, "en"))
    assert "AccountsListPlateforme" not in str(english)
    for language in ("fr", "de"):
        assert names_in(schema_of(client, language)) == english, language


# --- a client generated by openapi-python-client, against a live server -----------------------


def generated_client(schema: dict, folder: Path, language: str):
    """Generates the client package `registry_client_<language>` into `folder` and imports it."""
    (folder / "schema.yaml").write_text(yaml.safe_dump(schema), encoding="utf-8")
    (folder / "config.yaml").write_text("post_hooks: []\n", encoding="utf-8")
    package = f"registry_client_{language}"
    generator = Path(sys.executable).parent / "openapi-python-client"
    run = subprocess.run(  # noqa: S603 - the pinned generator, fixed arguments
        [str(generator), "generate", "--path", str(folder / "schema.yaml"), "--meta", "none",
         "--output-path", str(folder / package), "--config", str(folder / "config.yaml")],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Warning" not in run.stdout, run.stdout
    sys.path.insert(0, str(folder))
    try:
        return importlib.import_module(package)
    finally:
        sys.path.remove(str(folder))


@pytest.fixture
def live_entries(make_entry):
    return {
        "verified": make_entry(Status.VERIFIED),
        "closed": make_entry(Status.CLOSED),
    }


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_generated_client_calls_every_endpoint_of_a_live_server(
    live_server, client, live_entries, tmp_path, language
):
    package = generated_client(schema_of(client, language), tmp_path, language)
    api = importlib.import_module(f"{package.__name__}.api")
    models = importlib.import_module(f"{package.__name__}.models")
    for name in ("accounts.accounts_list", "accounts.accounts_retrieve", "verify.verify",
                 "ministries.ministries_list", "platforms.platforms_list"):  # fmt: skip
        importlib.import_module(f"{api.__name__}.{name}")
    endpoints = api
    with package.Client(base_url=live_server.url, raise_on_unexpected_status=True) as http:
        page = endpoints.accounts.accounts_list.sync(
            client=http, status=models.AccountsListStatus.CLOSED
        )
        assert [account.handle for account in page.results] == [live_entries["closed"].handle]
        one = endpoints.accounts.accounts_retrieve.sync(client=http, id=live_entries["verified"].pk)
        assert isinstance(one, models.Account) and one.status == models.StatusEnum.VERIFIED
        missing = endpoints.accounts.accounts_retrieve.sync_detailed(client=http, id=999999)
        assert missing.status_code == 404 and isinstance(missing.parsed, models.Error)
        verdict = endpoints.verify.verify.sync(client=http, url_query=live_entries["verified"].url)
        assert verdict.result == models.ResultEnum.OFFICIAL
        assert verdict.account.id == live_entries["verified"].pk
        nobody = endpoints.verify.verify.sync(client=http, url_query="https://x.com/nobody_here")
        assert nobody.result == models.ResultEnum.NOT_REGISTERED and nobody.account is None
        refused = endpoints.verify.verify.sync_detailed(client=http, url_query="not a link")
        assert refused.status_code == 400 and refused.parsed.code == "invalid_url"
        ministries = endpoints.ministries.ministries_list.sync(client=http)
        assert [ministry.slug for ministry in ministries] == ["finances"]
        platforms = endpoints.platforms.platforms_list.sync(client=http)
        assert {platform.slug for platform in platforms} >= {"x", "mastodon"}
