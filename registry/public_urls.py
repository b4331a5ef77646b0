"""URLs of the public pages (namespace "public")."""

from django.urls import path

from registry.views import public

app_name = "public"

urlpatterns = [
    path("", public.directory, name="directory"),
    path("verify/", public.verify, name="verify"),
    path("accounts/<int:pk>/", public.account, name="account"),
    path("ministries/<slug:slug>/", public.ministry, name="ministry"),
    path("accessibility/", public.accessibility, name="accessibility"),
    path("privacy/", public.privacy, name="privacy"),
]
