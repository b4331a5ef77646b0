from django.conf import settings
from django.urls import translate_url

from registry.models import Answer, Kind, Move, Status
from registry.verification import Result


def site(request) -> dict:
    """What the base template needs on every page: this page in each language."""
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
    }
