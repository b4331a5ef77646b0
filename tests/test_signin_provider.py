"""Sign-in through the State's identity provider (OpenID Connect), against a real provider.

The provider is Node's oidc-provider on loopback (tests/oidc/provider.mjs, the `provider`
fixture); the registry is Django's test client. The happy path through a real browser is in
tests/browser/test_provider_sign_in.py.
"""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from accounts.models import ProviderSignIn

Outcome = ProviderSignIn.Outcome
Reason = ProviderSignIn.Reason


def start(client, next_url: str = "") -> str:
    response = client.get(reverse("oidc:start"), {"next": next_url} if next_url else {})
    assert response.status_code == 302, response.content[:300]
    return response["Location"]


def come_back(client, callback_url: str):
    parts = urlsplit(callback_url)
    return client.get(f"{parts.path}?{parts.query}")


def sign_in(client, provider, login: str):
    return come_back(client, provider.sign_in(start(client), login))


def test_a_known_person_signs_in_through_the_provider_and_lands_on_their_work(
    client, provider, editor
):
    provider.add_person("alice-gov", "Alice@MFIN.example.org")
    response = sign_in(client, provider, "alice-gov")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:home")
    assert client.get(reverse("accounts:home")).wsgi_request.user == editor
    event = ProviderSignIn.objects.get()
    assert (event.outcome, event.user, event.subject) == (Outcome.SIGNED_IN, editor, "alice-gov")
