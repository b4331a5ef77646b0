"""The API's OpenAPI document and its human page: our own page, built from the document, in the
site's frame (issue 33.6: Swagger UI failed WCAG 2.1 AA)."""

import re

import pytest
import yaml

PATHS = ["/api/v1/verify/", "/api/v1/accounts/", "/api/v1/accounts/{id}/", "/api/v1/ministries/",
         "/api/v1/platforms/"]  # fmt: skip


@pytest.fixture
def schema(client, db) -> dict:
    response = client.get("/api/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_the_schema_is_openapi_3_and_lists_every_endpoint(schema):
    assert schema["openapi"].startswith("3.")
    assert sorted(schema["paths"]) == sorted(PATHS)


def test_the_schema_is_offered_as_json_too(client, db):
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    assert "/api/v1/verify/" in response.json()["paths"]


@pytest.mark.parametrize("path", PATHS)
def test_every_operation_documents_every_status_it_may_answer(schema, path):
    responses = schema["paths"][path]["get"]["responses"]
    expected = {"200", "304", "400", "405", "406", "414", "429"}
    if path.startswith("/api/v1/accounts/"):
        expected.add("404")
    assert set(responses) == expected


def test_the_schema_documents_no_write_operation(schema):
    for operations in schema["paths"].values():
        assert set(operations) <= {"get", "parameters"}


def test_the_account_schema_has_every_field_of_the_contract(schema):
    fields = schema["components"]["schemas"]["Account"]["properties"]
    assert set(fields) == {"id", "platform", "handle", "url", "display_name", "kind", "status",
                           "ministry", "service", "languages", "verified_at", "last_confirmed_at",
                           "closed_at", "page_url"}  # fmt: skip


def test_the_docs_page_is_a_page_of_this_site_without_scripts(client, db):
    response = client.get("/api/docs/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "<script" not in html
    assert "unsafe-inline" not in response["Content-Security-Policy"]


@pytest.mark.parametrize("path", PATHS)
def test_the_docs_page_documents_every_operation_and_its_parameters(client, schema, path):
    html = client.get("/api/docs/").content.decode()
    assert f"<code>GET {path}</code>" in html
    for parameter in schema["paths"][path]["get"].get("parameters", []):
        assert f"<code>{parameter['name']}</code>" in html


def test_every_field_of_every_answer_is_documented(client, schema):
    html = client.get("/api/docs/").content.decode()
    for name, body in schema["components"]["schemas"].items():
        assert f'id="schema-{name}"' in html
        for field in body.get("properties", {}):
            assert f"<code>{field}</code>" in html, (name, field)


def test_every_problem_type_names_an_error_code_the_docs_page_explains(client, db):
    html = client.get("/api/docs/").content.decode()
    documented = set(re.findall(r'id="error-([a-z_]+)"', html))
    codes = {"missing_url", "invalid_url", "lookalike", "invalid_query", "not_found",
             "method_not_allowed", "not_acceptable", "throttled", "uri_too_long"}  # fmt: skip
    assert codes <= documented
    problem = client.get("/api/v1/verify/").json()
    assert problem["type"].endswith(f"/api/docs/#error-{problem['code']}")
