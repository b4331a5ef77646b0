"""The OpenAPI document's `webhooks` section (OpenAPI 3.1): what an endpoint registered by the
central unit receives, signed after Standard Webhooks 1.0. A drf-spectacular postprocessing hook
(settings.SPECTACULAR_SETTINGS), the payload's JSON Schema taken from registry/push/payload.py."""

from registry.push.payload import EXAMPLE, SCHEMA

_HEADERS = {
    "webhook-id": "The change's id (`chg_…`), the same on every retry: deduplicate on it.",
    "webhook-timestamp": "Seconds since the epoch when this try was signed.",
    "webhook-signature": "`v1,<base64 HMAC-SHA256>` of `id.timestamp.body` with the endpoint's "
    "`whsec_` secret; two, space-separated, while a rotated secret is still valid.",
}


def _header(name: str, text: str) -> dict:
    return {"name": name, "in": "header", "required": True, "description": text,
            "schema": {"type": "string"}}  # fmt: skip


def add_webhooks(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["PublicChangeEvent"] = SCHEMA
    result["webhooks"] = {
        "publicChange": {
            "post": {
                "operationId": "publicChange",
                "summary": "A public change of the register",
                "description": (
                    "Sent to each endpoint the central unit registered, for the events and "
                    "ministries it chose, within a minute of the change; retried with "
                    "exponential backoff for more than three days on any answer but 2xx; in "
                    "order per account. Verify it with a Standard Webhooks library."
                ),
                "parameters": [
                    {
                        "name": name,
                        "in": "header",
                        "required": True,
                        "description": text,
                        "schema": {"type": "string"},
                    }
                    for name, text in _HEADERS.items()
                ],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/PublicChangeEvent"},
                            "examples": {"suspended": {"value": EXAMPLE}},
                        }
                    },
                },
                "responses": {"2XX": {"description": "Received; anything else is retried."}},
            }
        }
    }
    return result
