"""One spelling of a person's identity, their e-mail address, everywhere it is compared.

Sign-in ignores case, so `Anne@X.example` and `anne@x.example` are one person: the same
normalised address is stored on the user (unique whatever its case), counted by django-axes
for lockouts, looked up by password reset and matched by invitations.
"""

import unicodedata


def normalise_email(address: str | None) -> str:
    """The address as stored and counted: Unicode NFKC, no surrounding spaces, lower case."""
    return unicodedata.normalize("NFKC", address or "").strip().lower()


def axes_username(request, credentials: dict | None) -> str:
    """django-axes' AXES_USERNAME_CALLABLE: failures count per person, not per spelling."""
    if credentials and credentials.get("username") is not None:
        typed = credentials.get("username")
    else:
        typed = getattr(request, "POST", {}).get("username", "")
    return normalise_email(str(typed))[:255]  # axes stores at most 255 characters
