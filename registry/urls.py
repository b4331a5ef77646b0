from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from accounts.access import Rule, declare
from registry.public import views as public_views
from registry.push import websub, xrpc
from registry.web import bench_ceiling, metrics, operations

urlpatterns = [
    path("healthz", operations.healthz, name="healthz"),
    path("metrics", metrics.metrics, name="metrics"),
    path("i18n/setlang/", declare(Rule.PUBLIC, set_language), name="set_language"),
    path("api/", include("registry.api.urls")),
    path("open-data/", include("registry.exports.urls")),
    path("transparency/", include("registry.transparency.urls", namespace="transparency")),
    path("", include("registry.public.web")),  # robots.txt, sitemap.xml, security.txt
    path("badges/<int:pk>.svg", public_views.badge, name="badge"),
    path(
        ".well-known/official-accounts.json",
        public_views.official_accounts,
        name="official-accounts",
    ),
    path(
        ".well-known/official-accounts.json.sig",
        public_views.official_accounts_signature,
        name="official-accounts-signature",
    ),
    path(
        ".well-known/official-accounts.pub",
        public_views.official_accounts_key,
        name="official-accounts-key",
    ),
    path("account/oidc/", include("accounts.oidc_urls", namespace="oidc")),
    path("websub/", websub.hub, name="websub-hub"),
    path("xrpc/com.atproto.label.queryLabels", xrpc.query_labels, name="xrpc-query-labels"),
    path(".well-known/did.json", xrpc.did_document, name="labeler-did"),
]
urlpatterns += bench_ceiling.ceiling_patterns()  # only when BENCH_CEILING is on

urlpatterns += i18n_patterns(
    path("", include("registry.public.urls", namespace="public")),
    path("workspace/", include("registry.workspace.urls", namespace="workspace")),
    path("review/", include("registry.review.urls", namespace="review")),
    path("account/", include("accounts.urls", namespace="accounts")),
    path("admin/", admin.site.urls),
)

handler403 = "registry.web.operations.error_403"
handler404 = "registry.web.operations.error_404"
handler500 = "registry.web.operations.error_500"
