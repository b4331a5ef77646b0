"""Sign-in through the identity provider. No language prefix: these addresses are registered at
the provider (the redirect URI and the post-logout URI) and must stay the same in every language."""

from django.urls import path

from accounts import oidc_views

app_name = "oidc"

urlpatterns = [
    path("start/", oidc_views.start, name="start"),
    path("callback/", oidc_views.callback, name="callback"),
    path("signed-out/", oidc_views.signed_out, name="signed-out"),
]
