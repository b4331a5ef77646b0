"""Sign-in forms: Django's own, with the length of the name enforced.

Django's AuthenticationForm sets `max_length` on its username field after building it, so no
validator checks it: a name of 10,000 characters reached `authenticate()`, and django-axes then
failed to store the attempt (a 255-character column), answering 500. Here it is refused first.
"""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator

from accounts.oidc import ProviderOnlyRefused


class _LimitedUsername:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))


class SignInForm(ProviderOnlyRefused, _LimitedUsername, AuthenticationForm):
    """The site's sign-in form."""


class AdminSignInForm(ProviderOnlyRefused, _LimitedUsername, AdminAuthenticationForm):
    """The admin site's sign-in form."""
