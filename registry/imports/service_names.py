"""Services by the names people see: the import takes a service as the interface shows it.

A service is found by its code (slug), its short name, its name in any of the three languages,
or, for a ministry's own communication service, by the ministry's short name or name (the
interface shows "MFIN"). Case, accents, dashes and spaces do not matter. A name that fits
several services of the importer's ministries names none: the row says which to choose.
"""

from dataclasses import dataclass, field

from accounts.models import Service
from registry.search import fold

_DASHES = dict.fromkeys(map(ord, "‐‑‒–—―-_"), " ")


def folded_name(text: str) -> str:
    """A name as compared: folded as every search folds text (registry.search: no accents, no
    case), dashes as spaces, single spaces."""
    return " ".join((fold(text or "") or "").translate(_DASHES).split())


@dataclass
class ServiceNames:
    """The importer's services by every folded name; a name of several services maps to all."""

    by_name: dict[str, set] = field(default_factory=dict)
    services: list = field(default_factory=list)

    def add(self, name: str, service: Service) -> None:
        if name and name.strip():
            self.by_name.setdefault(folded_name(name), set()).add(service)

    def find(self, text: str) -> list[Service]:
        """The services `text` names: one, several (ambiguous) or none."""
        return sorted(self.by_name.get(folded_name(text), ()), key=lambda s: s.slug)

    def get(self, text: str) -> Service | None:
        found = self.find(text)
        return found[0] if len(found) == 1 else None


def services_by_name(ministry_ids) -> ServiceNames:
    """The services of these ministries, by every name the interface shows for them."""
    names = ServiceNames()
    services = Service.objects.filter(ministry_id__in=ministry_ids).select_related("ministry")
    for service in services.order_by("ministry__short_name", "name_fr"):
        names.services.append(service)
        for name in (service.slug, service.short_name, *_translated(service)):
            names.add(name, service)
        if service.kind == Service.Kind.COMMUNICATION:
            ministry = service.ministry
            for name in (ministry.short_name, *_translated(ministry)):
                names.add(name, service)
    return names


def _translated(named) -> tuple[str, str, str]:
    return (named.name_fr, named.name_de, named.name_en)
