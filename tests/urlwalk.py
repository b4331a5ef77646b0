"""Walk the whole URLconf: every pattern, its name, its view and the access rule it declares.

Shared by the deny-by-default test and the permission matrix, so both see the same site.
"""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

from accounts.access import Rule, rule_of


@dataclass(frozen=True)
class Route:
    pattern: str  # the full pattern, e.g. "fr/account/login/" (language prefix as when walked)
    name: str  # "namespace:name", or "" for an unnamed pattern
    view: object
    rule: Rule | None
    namespace: str  # the innermost namespace ("admin", "public", ...) or ""


def walk(urlconf=None) -> list[Route]:
    """Every URL pattern reachable from the root URLconf, through includes and i18n_patterns."""
    return list(_walk(get_resolver(urlconf), prefix="", namespaces=()))


def _walk(resolver: URLResolver, *, prefix: str, namespaces: tuple[str, ...]):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = (*namespaces, entry.namespace) if entry.namespace else namespaces
            yield from _walk(entry, prefix=prefix + str(entry.pattern), namespaces=inner)
        elif isinstance(entry, URLPattern):
            name = ":".join((*namespaces, entry.name)) if entry.name else ""
            yield Route(
                pattern=prefix + str(entry.pattern),
                name=name,
                view=entry.callback,
                rule=rule_of(entry.callback),
                namespace=namespaces[-1] if namespaces else "",
            )


def in_admin(route: Route) -> bool:
    return route.name.startswith("admin:") or route.namespace == "admin"
