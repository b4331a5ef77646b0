"""registry.urls with a stand-in for `workspace:entry`, for e-mail links before the workspace lands.

Used by the review's e-mail tests only while `workspace:entry` does not resolve (see
`tests/test_emails.py`); once the workspace branch is merged the real URLs are used.
"""

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponse
from django.urls import include, path
from django.urls.resolvers import LocalePrefixPattern

from accounts.access import Rule, access
from registry import urls as real


@access(Rule.MEMBER)
def stand_in(request, pk: int = 0):
    return HttpResponse("workspace")


workspace = (
    [path("", stand_in, name="home"), path("entries/<int:pk>/", stand_in, name="entry")],
    "workspace",
)

urlpatterns = [p for p in real.urlpatterns if not isinstance(p.pattern, LocalePrefixPattern)]
urlpatterns += i18n_patterns(
    path("", include("registry.public_urls", namespace="public")),
    path("workspace/", include(workspace, namespace="workspace")),
    path("review/", include("registry.review_urls", namespace="review")),
    path("account/", include("accounts.urls", namespace="accounts")),
)
