"""Sign-in forms: Django's own, with the length of the name enforced; the password reset's
e-mail through the outbox.

Django's AuthenticationForm sets `max_length` on its username field after building it, so no
validator checks it: a name of 10,000 characters reached `authenticate()`, and django-axes then
failed to store the attempt (a 255-character column), answering 500. Here it is refused first.
"""

import hashlib

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.validators import MaxLengthValidator
from django.utils import translation

from accounts.oidc import ProviderOnlyRefused
from accounts.text import render_plain, render_subject
from outbox.tasks import queue_email


class _LimitedUsername:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))


class SignInForm(ProviderOnlyRefused, _LimitedUsername, AuthenticationForm):
    """The site's sign-in form."""


class AdminSignInForm(ProviderOnlyRefused, _LimitedUsername, AdminAuthenticationForm):
    """The admin site's sign-in form."""


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's password reset, its e-mail queued in the outbox like every other (retried while
    the relay refuses it, shown to central admins) instead of sent during the request.

    One e-mail per link: the key names the person and a digest of the token (never the token,
    which the admin shows), so the same request sent twice in one second queues one e-mail. It
    is written in the person's own language, as their other e-mails are."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        user = context["user"]
        digest = hashlib.sha256(context["token"].encode()).hexdigest()[:16]
        with translation.override(user.language or translation.get_language()):
            subject = render_subject(subject_template_name, context)
            body = render_plain(email_template_name, context)
        queue_email(
            key=f"password-reset:{user.pk}:{digest}",
            to=to_email,
            subject=subject,
            body=body,
            language=user.language,
        )
