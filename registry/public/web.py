"""What search engines, browsers and security researchers look for at a site's root:
/robots.txt, /sitemap.xml (Django's sitemaps: every public page in every language, with hreflang
alternates and x-default), /.well-known/security.txt (RFC 9116), /.well-known/change-password
(what password managers open), /favicon.ico, and /csp-report, where browsers report what the
Content-Security-Policy blocked (registry.web.csp_reports)."""

import datetime
from pathlib import Path

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone

from accounts.access import Rule, access, declare
from accounts.models import Ministry
from registry.models import SocialAccount
from registry.web.caching import public_answer
from registry.web.csp_reports import csp_report


class PublicSitemap(Sitemap):
    """Every language of each page, each with its alternates and the default (French)."""

    i18n = True
    alternates = True
    x_default = True


class PageSitemap(PublicSitemap):
    changefreq = "daily"

    def items(self):
        pages = ["public:directory", "public:verify", "public:accessibility", "public:privacy"]
        return [*pages, "public:extension"]

    def location(self, item):
        return reverse(item)


class AccountSitemap(PublicSitemap):
    """Public accounts, as (id, last change) pairs: no model objects for a large register."""

    def items(self):
        return SocialAccount.objects.public().order_by("pk").values_list("pk", "updated_at")

    def location(self, item):
        return reverse("public:account", args=[item[0]])

    def lastmod(self, item):
        return item[1]


class MinistrySitemap(PublicSitemap):
    def items(self):
        return list(Ministry.objects.order_by("slug").values_list("slug", flat=True))

    def location(self, item):
        return reverse("public:ministry", args=[item])


SITEMAPS = {"pages": PageSitemap, "ministries": MinistrySitemap, "accounts": AccountSitemap}

# Never worth crawling: signed-in areas and the report form (a POST target).
PRIVATE_PREFIXES = ("workspace/", "review/", "account/", "admin/", "report/")


@public_answer
@access(Rule.PUBLIC)
def robots_txt(request):
    lines = ["User-agent: *"]
    for code, _name in settings.LANGUAGES:
        lines += [f"Disallow: /{code}/{prefix}" for prefix in PRIVATE_PREFIXES]
    lines += ["Allow: /", "", "Sitemap: " + request.build_absolute_uri(reverse("sitemap"))]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@access(Rule.PUBLIC)
def security_txt(request):
    """RFC 9116: a contact and an expiry date (always SECURITY_TXT_DAYS ahead), in fr/de/en."""
    expires = timezone.now().replace(microsecond=0) + datetime.timedelta(
        days=settings.SECURITY_TXT_DAYS
    )
    lines = [
        f"Contact: {settings.SECURITY_CONTACT}",
        f"Expires: {expires.astimezone(datetime.UTC).isoformat().replace('+00:00', 'Z')}",
        "Preferred-Languages: " + ", ".join(code for code, _name in settings.LANGUAGES),
        "Canonical: " + request.build_absolute_uri(request.path),
    ]
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@access(Rule.PUBLIC)
def change_password(request):
    """The W3C's well-known address for changing a password: the staff's own form."""
    return HttpResponseRedirect(reverse("accounts:password-change"))


FAVICON = (Path(settings.BASE_DIR) / "static" / "img" / "favicon.ico").read_bytes()


@access(Rule.PUBLIC)
def favicon(request):
    """The icon browsers and feed readers ask for at the root (the pages name the SVG one)."""
    response = HttpResponse(FAVICON, content_type="image/vnd.microsoft.icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def _rendered(view):
    """Sitemap views answer a TemplateResponse: render it, so caches and ETags see its body."""

    def wrapped(request, **kwargs):
        return view(request, **kwargs).render()

    return wrapped


urlpatterns = [
    path("robots.txt", robots_txt, name="robots"),
    path(".well-known/security.txt", security_txt, name="security-txt"),
    path(".well-known/change-password", change_password, name="change-password"),
    path("favicon.ico", favicon, name="favicon"),
    path("csp-report", csp_report, name="csp-report"),
    path(
        "sitemap.xml",
        declare(
            Rule.PUBLIC,
            public_answer(
                _rendered(sitemap_views.index),
            ),
        ),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        declare(Rule.PUBLIC, public_answer(_rendered(sitemap_views.sitemap))),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
]
