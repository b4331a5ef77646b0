from django.contrib.auth import views as auth
from django.urls import path, reverse_lazy

from accounts import oidc_views, otp, views
from accounts.access import Rule, declare
from accounts.forms import OutboxPasswordResetForm, SignInForm

app_name = "accounts"


def _public(view_class, **kwargs):
    return declare(Rule.PUBLIC, view_class.as_view(**kwargs))


def _signed_in(view_class, **kwargs):
    return declare(Rule.SIGNED_IN, view_class.as_view(**kwargs))


urlpatterns = [
    path("", views.home, name="home"),
    path(
        "login/",
        _public(auth.LoginView, redirect_authenticated_user=True, authentication_form=SignInForm),
        name="login",
    ),
    # Django's LogoutView, then the provider's own sign-out after a sign-in through it.
    path("logout/", oidc_views.sign_out, name="logout"),
    path("two-factor/", otp.two_factor, name="two-factor"),
    path(
        "password/change/",
        _signed_in(
            auth.PasswordChangeView, success_url=reverse_lazy("accounts:password-change-done")
        ),
        name="password-change",
    ),
    path(
        "password/change/done/",
        _signed_in(auth.PasswordChangeDoneView),
        name="password-change-done",
    ),
    path(
        "password/reset/",
        _public(
            auth.PasswordResetView,
            form_class=OutboxPasswordResetForm,
            success_url=reverse_lazy("accounts:password-reset-done"),
            email_template_name="emails/password_reset_body.txt",
            subject_template_name="emails/password_reset_subject.txt",
        ),
        name="password-reset",
    ),
    path("password/reset/sent/", _public(auth.PasswordResetDoneView), name="password-reset-done"),
    path(
        "password/reset/<uidb64>/<token>/",
        _public(
            auth.PasswordResetConfirmView,
            success_url=reverse_lazy("accounts:password-reset-complete"),
        ),
        name="password-reset-confirm",
    ),
    path(
        "password/reset/complete/",
        _public(auth.PasswordResetCompleteView),
        name="password-reset-complete",
    ),
]
