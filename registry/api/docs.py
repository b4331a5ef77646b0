"""The OpenAPI document and its human page, both public and served from this site only.

The page (`/api/docs/`, linked from every footer) is our own, built from the same OpenAPI
document and in the site's frame: it meets WCAG 2.1 AA as every public page does (Swagger UI,
shown here before, had no `lang`, 43 contrast failures and prohibited ARIA attributes).
"""

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework import exceptions

from accounts.access import Rule, access
from registry.api.base import PublicAPIMixin
from registry.api.errors import InvalidQuery, InvalidURL, LookalikeURL, MissingURL
from registry.web.caching import public_answer

# Every code an API error may carry (RFC 9457 `type`: /api/docs/#error-<code>), its status and
# its message, in the reader's language.
ERROR_CODES = [
    (error.default_code, error.status_code, error.default_detail)
    for error in (
        MissingURL,
        InvalidURL,
        LookalikeURL,
        InvalidQuery,
        exceptions.NotFound,
        exceptions.MethodNotAllowed,
        exceptions.NotAcceptable,
        exceptions.Throttled,
    )
] + [
    ("uri_too_long", 414, _("This address is too long.")),
    ("server_error", 500, _("A server error occurred.")),
    ("service_unavailable", 503, _("The registry is briefly unavailable: try again in a moment.")),
]


@extend_schema(exclude=True)
class Schema(PublicAPIMixin, SpectacularAPIView):
    """GET /api/schema/: the OpenAPI 3 document (YAML, or JSON with ?format=json)."""


@public_answer
@access(Rule.PUBLIC)
def docs(request):
    """GET /api/docs/: every operation of the OpenAPI document, its parameters and answers."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    context = {
        "info": schema["info"],
        "operations": [
            _operation(path, method, operation)
            for path, methods in schema["paths"].items()
            for method, operation in methods.items()
            if method != "parameters"
        ],
        "schemas": [_schema(name, body) for name, body in schema["components"]["schemas"].items()],
        "error_codes": ERROR_CODES,
    }
    return render(request, "api/docs.html", context)


def _operation(path: str, method: str, operation: dict) -> dict:
    parameters = [
        {**parameter, "type": type_of(parameter.get("schema", {}))}
        for parameter in sorted(
            operation.get("parameters", []), key=lambda p: not p.get("required")
        )
    ]
    responses = [
        {
            "status": status,
            "description": answer.get("description", ""),
            "content": [
                (media, type_of(body.get("schema", {})))
                for media, body in answer.get("content", {}).items()
            ],
        }
        for status, answer in operation["responses"].items()
    ]
    return {
        "id": operation["operationId"],
        "method": method.upper(),
        "path": path,
        "description": operation.get("description", ""),
        "parameters": parameters,
        "responses": responses,
    }


def _schema(name: str, body: dict) -> dict:
    required = set(body.get("required", []))
    fields = [
        {"name": field, "type": type_of(spec), "required": field in required, **spec}
        for field, spec in body.get("properties", {}).items()
    ]
    return {
        "name": name,
        "description": body.get("description", ""),
        "fields": fields,
        "type": type_of(body),
    }


def type_of(spec: dict) -> str:
    """A schema in a few words: `string`, `integer or null`, `array of Account`, `one of: a, b`."""
    if "$ref" in spec:
        return spec["$ref"].rsplit("/", 1)[-1]
    if "enum" in spec:
        return "one of: " + ", ".join(str(value) for value in spec["enum"] if value is not None)
    for combined in ("oneOf", "anyOf", "allOf"):
        if combined in spec:
            return " or ".join(type_of(part) for part in spec[combined])
    kind = spec.get("type", "object")
    if isinstance(kind, list):
        kind = " or ".join(kind)
    if kind == "array":
        return "array of " + type_of(spec.get("items", {}))
    if spec.get("format"):
        kind += f" ({spec['format']})"
    return kind
