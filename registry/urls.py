from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from accounts.access import Rule, declare
from registry.views import bench, operations

urlpatterns = [
    path("healthz", operations.healthz, name="healthz"),
    path("i18n/setlang/", declare(Rule.PUBLIC, set_language), name="set_language"),
    path("api/", include("registry.api.urls")),
    path("open-data/", include("registry.open_data")),
]
urlpatterns += bench.ceiling_patterns()  # only when BENCH_CEILING is on

urlpatterns += i18n_patterns(
    path("", include("registry.public_urls", namespace="public")),
    path("workspace/", include("registry.workspace_urls", namespace="workspace")),
    path("review/", include("registry.review_urls", namespace="review")),
    path("account/", include("accounts.urls", namespace="accounts")),
    path("admin/", admin.site.urls),
)

handler403 = "registry.views.operations.error_403"
handler404 = "registry.views.operations.error_404"
handler500 = "registry.views.operations.error_500"
