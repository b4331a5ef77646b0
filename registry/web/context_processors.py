from django.conf import settings
from django.urls import translate_url

from registry.models import Answer, Kind, Move, Status
from registry.verification import Result


def site(request) -> dict:
    """What the base template needs on every page: this page in each language, its address
    without a language (`hreflang="x-default"`: it sends each visitor to their own language,
    as the sitemap says too), and its canonical address."""
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
    }


def canonical_url(request) -> str:
    """The page's absolute address without its query (a search, a filter, a link to verify),
    except the page number of a list: each page of the directory is a page of its own."""
    url = request.build_absolute_uri(request.path)
    page = request.GET.get("page", "")
    if page.isdigit() and page != "1":
        url += f"?page={page}"
    return url


def _without_language(path: str) -> str:
    prefix = f"/{settings.LANGUAGE_CODE}/"
    return "/" + path.removeprefix(prefix) if path.startswith(prefix) else path
