from django.conf import settings


def site(request) -> dict:
    """What the base template needs on every page."""
    return {"SITE_URL": settings.SITE_URL, "DEBUG": settings.DEBUG}
