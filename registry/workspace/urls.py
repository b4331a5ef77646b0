"""URLs of the workspace pages (namespace "workspace")."""

from django.urls import path

from registry.models import Move
from registry.workspace.views import aliases, entries, imports, members

app_name = "workspace"

urlpatterns = [
    path("", entries.home, name="home"),
    path("entries/new/", entries.entry_create, name="entry-create"),
    path("entries/<int:pk>/", entries.entry, name="entry"),
    path("entries/<int:pk>/edit/", entries.entry_edit, name="entry-edit"),
    path("entries/<int:pk>/confirm/", entries.entry_confirm, name="entry-confirm"),
    path(
        "entries/<int:pk>/withdraw/",
        entries.entry_move,
        {"move": Move.WITHDRAW},
        name="entry-withdraw",
    ),
    path("entries/<int:pk>/close/", entries.entry_move, {"move": Move.CLOSE}, name="entry-close"),
    path(
        "entries/<int:pk>/reopen/", entries.entry_move, {"move": Move.REOPEN}, name="entry-reopen"
    ),
    path("entries/<int:pk>/write/", entries.entry_move, {"move": Move.WRITE}, name="entry-write"),
    path("entries/<int:pk>/aliases/", aliases.entry_aliases, name="entry-aliases"),
    path("import/", imports.import_upload, name="import"),
    path("import/confirm/", imports.import_confirm, name="import-confirm"),
    path("import/template.csv", imports.import_template, name="import-template"),
    path("inventory.xlsx", imports.inventory, name="inventory"),
    path("ministries/<slug:slug>/members/", members.members, name="members"),
    path("ministries/<slug:slug>/members/<int:pk>/role/", members.member_role, name="member-role"),
    path(
        "ministries/<slug:slug>/members/<int:pk>/remove/",
        members.member_remove,
        name="member-remove",
    ),
    path("invitation/<uidb64>/<token>/", members.invitation, name="invitation"),
]
