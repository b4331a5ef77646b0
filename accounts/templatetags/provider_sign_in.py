"""`{% provider_sign_in %}`: the button to sign in through the identity provider, if one is set."""

from django import template
from django.conf import settings
from django.shortcuts import resolve_url

from accounts import oidc

register = template.Library()


@register.inclusion_tag("accounts/oidc_sign_in.html", takes_context=True)
def provider_sign_in(context) -> dict:
    return {
        "enabled": oidc.enabled(),
        "provider": oidc.provider_name() if oidc.enabled() else "",
        # Back in the language of this page: the provider's addresses carry none.
        "next": context.get("next") or resolve_url(settings.LOGIN_REDIRECT_URL),
    }
