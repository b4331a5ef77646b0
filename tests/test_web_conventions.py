"""Conventions browsers, password managers and CSP reporting expect at a site's root (issue
33.6): /.well-known/change-password, /favicon.ico, and a CSP `report-to` endpoint."""

import json
import logging

import pytest
from django.urls import reverse

from registry.web import csp_reports

REPORT_URI_BODY = {
    "csp-report": {
        "document-uri": "https://registry.example.org/fr/account/password/reset/MQ/abc-0123456789abcdef0123/",
        "blocked-uri": "https://evil.example/x.js",
        "effective-directive": "script-src-elem",
    }
}
REPORTING_API_BODY = [
    {
        "type": "csp-violation",
        "url": "https://registry.example.org/fr/",
        "body": {
            "documentURL": "https://registry.example.org/fr/",
            "blockedURL": "inline",
            "effectiveDirective": "style-src-attr",
        },
    }
]


def test_change_password_leads_to_the_password_form(client, db):
    response = client.get("/.well-known/change-password")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password-change")


def test_favicon_ico_is_an_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/vnd.microsoft.icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # the ICO format's signature


def test_every_page_names_where_csp_violations_are_reported(client, db):
    response = client.get("/en/")
    csp = response["Content-Security-Policy"]
    assert "report-to csp" in csp
    assert "report-uri /csp-report" in csp
    assert response["Reporting-Endpoints"] == 'csp="/csp-report"'


@pytest.mark.parametrize(
    ("body", "content_type", "logged"),
    [
        (REPORT_URI_BODY, "application/csp-report", "https://evil.example/x.js (script-src-elem)"),
        (REPORTING_API_BODY, "application/reports+json", "inline (style-src-attr)"),
    ],
)
def test_a_violation_report_is_logged_with_its_secrets_redacted(
    client, db, caplog, body, content_type, logged
):
    with caplog.at_level(logging.WARNING, logger="registry.web.csp_reports"):
        response = client.post("/csp-report", json.dumps(body), content_type=content_type)
    assert response.status_code == 204
    [line] = [r.getMessage() for r in caplog.records if r.name == "registry.web.csp_reports"]
    assert logged in line
    assert "abc-0123456789abcdef0123" not in line


@pytest.mark.parametrize("body", [b"not json", b"{}", b"[1, 2]", b"null"])
def test_a_body_that_is_no_report_gets_a_400(client, db, body):
    response = client.post("/csp-report", body, content_type="application/csp-report")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_report"


def test_a_report_too_large_is_refused_unread(client, db):
    body = b"[" + b" " * csp_reports.MAX_BODY + b"]"
    response = client.post("/csp-report", body, content_type="application/reports+json")
    assert response.status_code == 413


def test_a_flood_of_reports_is_not_a_flood_of_log_lines(client, db, caplog):
    body = json.dumps(REPORTING_API_BODY * 50)
    with caplog.at_level(logging.WARNING, logger="registry.web.csp_reports"):
        for _ in range(10):
            client.post("/csp-report", body, content_type="application/reports+json")
    lines = [r for r in caplog.records if r.name == "registry.web.csp_reports"]
    assert len(lines) <= csp_reports.LOG_PER_MINUTE
