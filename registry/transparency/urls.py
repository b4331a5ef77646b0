"""/transparency/ (no language prefix: programs read it). Contracts: docs/transparency.md."""

from django.urls import path

from registry.transparency import feed, views

app_name = "transparency"

urlpatterns = [
    path("checkpoint", views.checkpoint, name="checkpoint"),
    path("key", views.key, name="key"),
    path("entries/", views.entries, name="entries"),
    path("proof/inclusion", views.inclusion, name="inclusion"),
    path("proof/consistency", views.consistency, name="consistency"),
    path("root", views.root, name="root"),
    path("cosignature", views.cosignature, name="cosignature"),
    path("feed.atom", feed.LogFeed(), name="feed"),
]
