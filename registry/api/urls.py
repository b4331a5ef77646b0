"""URLs of the public API (under /api/)."""

urlpatterns: list = []
