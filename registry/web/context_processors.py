from django.conf import settings
from django.urls import translate_url

from registry.models import Answer, Kind, Move, Status
from registry.verification import Result


def site(request) -> dict:
    """What the base template needs on every page: this page in each language, its address
    without a language (`hreflang="x-default"`: it sends each visitor to their own language,
    as the sitemap says too), and its canonical address. The canonical address and the other
    languages' addresses keep the same query (`canonical_query`; a view may set both, as the
    verify page does for the link it answers about)."""
    alternates = [
        {"code": code, "name": name, "url": translate_url(request.path, code)}
        for code, name in settings.LANGUAGES
    ]
    return {
        "SITE_URL": settings.SITE_URL,
        "DEBUG": settings.DEBUG,
        "alternates": alternates,
        # Templates compare with the enumerations, never with status strings.
        "Status": Status,
        "Move": Move,
        "Answer": Answer,
        "Kind": Kind,
        "Result": Result,
        "default_alternate": _without_language(translate_url(request.path, settings.LANGUAGE_CODE)),
        "canonical_url": canonical_url(request),
        "canonical_query": canonical_query(request),
    }


def canonical_url(request) -> str:
    """The page's absolute address with its `canonical_query`."""
    return request.build_absolute_uri(request.path) + canonical_query(request)


def canonical_query(request) -> str:
    """What a page's canonical address keeps of its query: nothing (a search, a filter), except
    the page number of a list: each page of the directory is a page of its own."""
    page = request.GET.get("page", "")
    return f"?page={page}" if page.isdigit() and page != "1" else ""


def _without_language(path: str) -> str:
    prefix = f"/{settings.LANGUAGE_CODE}/"
    return "/" + path.removeprefix(prefix) if path.startswith(prefix) else path
