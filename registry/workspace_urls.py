"""URLs of the workspace pages (namespace "workspace")."""

app_name = "workspace"

urlpatterns: list = []
