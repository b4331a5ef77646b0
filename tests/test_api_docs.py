"""The API's OpenAPI document and its human page, served from this site under its CSP."""

import re

import pytest
import yaml
from django.contrib.staticfiles import finders

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


def test_the_docs_page_loads_only_scripts_and_styles_of_this_site(client, db):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "<style" not in html
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) is None, "an inline script"
    sources = re.findall(r'<(?:script|link)[^>]*(?:src|href)="([^"]+)"', html)
    assert len(sources) >= 4
    for source in sources:
        assert source.startswith("/"), source
        assert not source.startswith("//"), source


def test_the_docs_start_up_script_and_assets_are_served_here(client, db):
    html = client.get("/api/docs/").content.decode()
    script = re.search(r'<script src="(/api/docs/\?[^"]+)"', html).group(1).replace("&amp;", "&")
    init = client.get(script)
    assert init.status_code == 200
    assert init["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in init.content.decode()
    assert "validatorUrl" in init.content.decode()
    bundle = re.search(r'<script src="/static/([^"]+swagger-ui-bundle\.js)"', html).group(1)
    assert finders.find(bundle), "the sidecar's bundle is a static file of this site"
