"""What data portals read to list the open data: a Frictionless Data Package descriptor
(`/open-data/datapackage.json`, with a Table Schema of the CSV) and DCAT-AP metadata in JSON-LD
(`/open-data/catalog.jsonld`: the dataset, its distributions, licence and publisher).

Publisher, licence and contact come from settings (OPEN_DATA_*): a national portal harvests
them as they are. Titles and descriptions are given in French, German and English.
"""

import json

from django.conf import settings
from django.db.models import Max
from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy

from accounts.access import Rule, access
from registry.exports.open_data import COLUMNS
from registry.links import PLATFORMS
from registry.models import PUBLIC_STATUSES, Kind, SocialAccount
from registry.web.caching import public_answer

DESCRIPTION = gettext_lazy(
    "Every official social media account of the government, as verified by the State's press "
    "and information service: one row per account, with its ministry, service, platform and "
    "status (official, suspended or closed)."
)
TITLE = gettext_lazy("Official accounts of the government")
DATE_COLUMNS = ("verified_at", "last_confirmed_at", "closed_at", "status_changed_at")
URI_COLUMNS = ("page_url", "account_url")
ENUMS = {
    "status": [str(status) for status in PUBLIC_STATUSES],
    "platform": list(PLATFORMS),
    "kind": [str(kind) for kind in Kind],
}
# What each distribution is, by its URL name: (IANA media type, EU file type, title).
DISTRIBUTIONS = {
    "open-data-csv": ("text/csv", "CSV", "CSV (UTF-8)"),
    "open-data-xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "XLSX",
        "XLSX",
    ),
    "open-data-json": ("application/json", "JSON", "JSON"),
}


def table_schema() -> dict:
    """The Table Schema of accounts.csv: one field per column, in the file's order."""
    return {
        "fields": [_field(column) for column in COLUMNS],
        "primaryKey": ["id"],
        "missingValues": [""],
    }


def _field(column: str) -> dict:
    if column == "id":
        return {"name": column, "type": "integer", "constraints": {"required": True}}
    if column in DATE_COLUMNS:
        return {"name": column, "type": "datetime"}
    field = {"name": column, "type": "string"}
    if column in URI_COLUMNS:
        field["format"] = "uri"
    if column in ENUMS:
        field["constraints"] = {"enum": ENUMS[column]}
    return field


def _absolute(request, name: str) -> str:
    return request.build_absolute_uri(reverse(name))


def _json(data: dict, content_type: str) -> HttpResponse:
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=1), content_type=content_type
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@public_answer
@access(Rule.PUBLIC)
def datapackage(request):
    publisher = settings.OPEN_DATA_PUBLISHER
    descriptor = {
        # Not every resource is a table: the JSON files come with JSON Schemas.
        "profile": "data-package",
        "name": "official-accounts",
        "title": str(TITLE),
        "description": str(DESCRIPTION),
        "homepage": _absolute(request, "public:directory"),
        "licenses": [{"name": settings.OPEN_DATA_LICENSE_ID, "path": settings.OPEN_DATA_LICENSE}],
        "contributors": [{"title": publisher, "role": "publisher", "email": _email()}],
        "resources": [
            {
                "name": "accounts",
                "path": _absolute(request, "open-data-csv"),
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {"delimiter": ",", "lineTerminator": "\n", "header": True},
                "schema": table_schema(),
            },
            *_json_resources(request),
        ],
    }
    return _json(descriptor, "application/json; charset=utf-8")


def _json_resources(request) -> list[dict]:
    """The JSON files, each with its JSON Schema (`jsonSchema`, registry.exports.schemas)."""
    return [
        {
            "name": name,
            "path": _absolute(request, data),
            "profile": "data-resource",
            "format": "json",
            "mediatype": "application/json",
            "encoding": "utf-8",
            "jsonSchema": _absolute(request, schema),
        }
        for name, data, schema in (
            ("accounts-json", "open-data-json", "open-data-json-schema"),
            ("official-accounts", "official-accounts", "official-accounts-schema"),
        )
    ]


def _email() -> str:
    return settings.OPEN_DATA_CONTACT.removeprefix("mailto:")


def _in_each_language(text) -> list[dict]:
    values = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            values.append({"@language": code, "@value": str(text)})
    return values


EU = "http://publications.europa.eu/resource/authority/"
IANA = "http://www.iana.org/assignments/media-types/"
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
}


def _node(uri: str, kind: str) -> dict:
    """An object given with its class: DCAT-AP's range shapes (SHACL) refuse a bare address
    where they expect, say, a dct:LicenseDocument (tests/data/dcat-ap-3.0.1/range.ttl)."""
    return {"@id": uri, "@type": kind}


def _licence() -> dict:
    return _node(settings.OPEN_DATA_LICENSE, "dct:LicenseDocument")


LANGUAGE_AUTHORITY = {"fr": "FRA", "de": "DEU", "en": "ENG", "lb": "LTZ"}


@public_answer
@access(Rule.PUBLIC)
def dcat_catalog(request):
    """A DCAT-AP catalog of one dataset, the accounts, in its three distributions."""
    here = _absolute(request, "open-data-dcat")
    catalog = {
        "@context": CONTEXT,
        "@id": here,
        "@type": "dcat:Catalog",
        "dct:title": _in_each_language(TITLE),
        "dct:description": _in_each_language(DESCRIPTION),
        "dct:publisher": _publisher(request),
        "dct:license": _licence(),
        "foaf:homepage": _node(_absolute(request, "public:directory"), "foaf:Document"),
        "dct:language": [_language(code) for code, _name in settings.LANGUAGES],
        "dcat:dataset": _dataset(request, here),
    }
    return _json(catalog, "application/ld+json; charset=utf-8")


def _dataset(request, catalog_url: str) -> dict:
    modified = SocialAccount.objects.public().aggregate(last=Max("updated_at"))["last"]
    dataset = {
        "@id": f"{catalog_url}#accounts",
        "@type": "dcat:Dataset",
        "dct:identifier": f"{catalog_url}#accounts",
        "dct:title": _in_each_language(TITLE),
        "dct:description": _in_each_language(DESCRIPTION),
        "dct:publisher": _publisher(request),
        "dcat:contactPoint": {
            "@type": ["vcard:Organization", "vcard:Kind"],
            "vcard:fn": settings.OPEN_DATA_PUBLISHER,
            "vcard:hasEmail": {"@id": "mailto:" + _email()},
        },
        "dcat:landingPage": _node(_absolute(request, "public:directory"), "foaf:Document"),
        "dcat:theme": _node(EU + "data-theme/GOVE", "skos:Concept")
        | {"skos:prefLabel": {"@language": "en", "@value": "Government and public sector"}},
        "dct:accrualPeriodicity": _node(EU + "frequency/CONT", "dct:Frequency"),
        "dct:language": [_language(code) for code, _name in settings.LANGUAGES],
        "dcat:keyword": [
            {"@language": "en", "@value": word}
            for word in ("social media", "government", "official accounts")
        ],
        "dcat:distribution": [_distribution(request, name) for name in DISTRIBUTIONS],
    }
    if modified:
        dataset["dct:modified"] = {"@value": modified.isoformat(), "@type": "xsd:dateTime"}
    return dataset


def _distribution(request, name: str) -> dict:
    media_type, file_type, title = DISTRIBUTIONS[name]
    url = _absolute(request, name)
    return {
        "@id": url,
        "@type": "dcat:Distribution",
        "dct:title": title,
        "dcat:accessURL": {"@id": url},
        "dcat:downloadURL": {"@id": url},
        "dcat:mediaType": _node(IANA + media_type, "dct:MediaType"),
        "dct:format": _node(EU + "file-type/" + file_type, "dct:MediaTypeOrExtent"),
        "dct:license": _licence(),
    }


def _publisher(request) -> dict:
    return {
        "@id": settings.OPEN_DATA_PUBLISHER_URL or request.build_absolute_uri("/"),
        "@type": "foaf:Agent",
        "foaf:name": settings.OPEN_DATA_PUBLISHER,
    }


def _language(code: str) -> dict:
    return _node(EU + "language/" + LANGUAGE_AUTHORITY[code], "dct:LinguisticSystem")
