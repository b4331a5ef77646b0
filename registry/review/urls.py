"""URLs of the review pages (namespace "review")."""

from django.urls import path

from registry.review.views import aliases, dashboard, entry, queue, reports

app_name = "review"

urlpatterns = [
    path("", queue.queue, name="queue"),
    path("assign/", queue.bulk_assign, name="bulk-assign"),
    path("entries/<int:pk>/", entry.entry, name="entry"),
    path("entries/<int:pk>/decide/", entry.decide, name="decide"),
    path("entries/<int:pk>/act/", entry.act, name="act"),
    path("aliases/<int:pk>/accept/", aliases.alias_accept, name="alias-accept"),
    path("aliases/<int:pk>/refuse/", aliases.alias_refuse, name="alias-refuse"),
    path("entries/<int:pk>/watch-check/", entry.watch_check, name="watch-check"),
    path("reports/", reports.reports, name="reports"),
    path("reports/<int:pk>/handle/", reports.report_handle, name="report-handle"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
]
