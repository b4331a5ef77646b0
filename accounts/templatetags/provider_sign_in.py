"""`{% provider_sign_in %}`: the button to sign in through the identity provider, if one is set."""

from django import template

from accounts import oidc

register = template.Library()


@register.inclusion_tag("accounts/oidc_sign_in.html", takes_context=True)
def provider_sign_in(context) -> dict:
    return {
        "enabled": oidc.enabled(),
        "provider": oidc.provider_name() if oidc.enabled() else "",
        "next": context.get("next", ""),
    }
