"""URLs of the public API (under /api/, no language prefix): version 1, its schema and its docs."""

from django.urls import path, re_path

from registry.api import docs, views

app_name = "api"

urlpatterns = [
    path("v1/verify/", views.Verify.as_view(), name="verify"),
    path("v1/accounts/", views.AccountList.as_view(), name="accounts"),
    path("v1/accounts/<int:pk>/", views.AccountDetail.as_view(), name="account"),
    path("v1/ministries/", views.MinistryList.as_view(), name="ministries"),
    path("v1/platforms/", views.PlatformList.as_view(), name="platforms"),
    path("schema/", docs.Schema.as_view(), name="schema"),
    path("docs/", docs.docs, name="docs"),
    # Anything else under /api/ answers the API's JSON 404, not the site's HTML page.
    re_path(r"^[\s\S]*/$", views.NotFoundView.as_view(), name="not-found"),
]
