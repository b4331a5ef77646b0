"""URLs of the public pages (namespace "public")."""

from django.urls import path

from accounts.access import Rule, declare
from registry.exports.feed import PublicChangesFeed
from registry.public import views as public
from registry.web.caching import public_answer

app_name = "public"

urlpatterns = [
    path("", public.directory, name="directory"),
    path("verify/", public.verify, name="verify"),
    path("report/", public.report, name="report"),
    path("report/sent/", public.report_sent, name="report-sent"),
    path("accounts/<int:pk>/", public.account, name="account"),
    path("ministries/<slug:slug>/", public.ministry, name="ministry"),
    path("feed/", declare(Rule.PUBLIC, public_answer(PublicChangesFeed())), name="feed"),
    path("embed/", public.embed, name="embed"),
    path("accessibility/", public.accessibility, name="accessibility"),
    path("privacy/", public.privacy, name="privacy"),
    path("extension/", public.extension, name="extension"),
]
