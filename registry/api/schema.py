"""The OpenAPI document as generated clients need it: no authentication, names that never change.

- The API needs no authentication: operations carry no `security` (drf-spectacular would write
  `security: [{}]`, "optionally authenticated", and some generators then build only an
  authenticated client).
- Type and operation names come from identifiers, never from translated labels: a filter's
  label (its model field's verbose name, "Plateforme" in French) would otherwise become the
  `title` of its parameter's schema, which generators turn into a class name
  (`AccountsListPlateforme`), so a client generated from the French document would not compile
  against code written for the English one.
- OpenAPI 3.1, whose JSON Schema says "an Account or null" exactly (`oneOf` with `type: null`):
  3.0's `nullable` beside an `allOf` reference does not let `null` through a strict validator.
"""

from drf_spectacular.openapi import AutoSchema


class PublicAutoSchema(AutoSchema):
    def get_auth(self):
        return []  # no operation asks for credentials


def for_generated_clients(result, generator, request, public):
    """Postprocessing hook: drop every (translated) `title` of a schema, parameters' included,
    and say "or null" the 3.1 way where a 3.0 `nullable` is left (DRF's own pagination schema
    writes one for `next` and `previous`; 3.1 ignores the keyword, so `null` was refused)."""
    _rewrite(result)
    return result


def _rewrite(node) -> None:
    if isinstance(node, dict):
        if isinstance(node.get("title"), str) and ("type" in node or "enum" in node):
            del node["title"]  # a schema's title; a property named "title" holds a dict
        if node.get("nullable") is True and isinstance(node.get("type"), str):
            node["type"] = [node["type"], "null"]
            del node["nullable"]
        for value in node.values():
            _rewrite(value)
    elif isinstance(node, list):
        for value in node:
            _rewrite(value)
