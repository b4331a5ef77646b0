"""The OpenAPI document and its human page, both public and served from this site only."""

from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts.access import Rule
from registry.api.base import PublicAPIMixin


@extend_schema(exclude=True)
class Schema(PublicAPIMixin, SpectacularAPIView):
    """GET /api/schema/: the OpenAPI 3 document (YAML, or JSON with ?format=json)."""


class Docs(SpectacularSwaggerSplitView):
    """GET /api/docs/: Swagger UI from the sidecar's static files.

    The split view loads its start-up script from `?script`, a URL of this site, so the page
    needs no inline script and works under the site's Content-Security-Policy.
    """

    access_rule = Rule.PUBLIC
    http_method_names = ["get", "head", "options"]
    template_name = "api/swagger_ui.html"
