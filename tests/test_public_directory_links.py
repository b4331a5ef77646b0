"""A pasted link in the directory's search: the directory gives that account's answer, as the
verify page does (official, suspended, closed, or not registered), never "0 accounts match"."""

import pytest
from django.urls import reverse

from registry.links import looks_like_a_link
from registry.models import Status


def search(client, text: str) -> str:
    response = client.get(reverse("public:directory"), {"q": text})
    assert response.status_code == 200
    return response.content.decode()


def test_a_link_to_a_registered_account_shows_that_it_is_official(client, verified_entry):
    html = search(client, f"https://x.com/{verified_entry.handle}?s=20")
    assert 'class="result result-official"' in html
    assert verified_entry.get_absolute_url() in html
    assert "0 accounts" not in html


def test_a_link_to_a_post_names_its_account(client, verified_entry):
    html = search(client, f"https://twitter.com/{verified_entry.handle}/status/1234567890")
    assert 'class="result result-official"' in html


def test_a_link_to_a_suspended_account_says_so(client, suspended_entry):
    html = search(client, suspended_entry.url)
    assert "Official, but suspended" in html


def test_a_link_to_an_unknown_account_is_not_registered(client, verified_entry):
    html = search(client, "x.com/faux_gouvlu")
    assert "Not registered: not an official account" in html
    assert "0 accounts" not in html
    assert reverse("public:report") in html


def test_a_link_the_parser_refuses_says_why(client, db):
    html = search(client, "https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    assert "We cannot check this link" in html


def test_a_lookalike_host_is_a_warning(client, db):
    html = search(client, "https://faceb00k.com/gouvlu")
    assert "Warning: this link imitates" in html


def test_words_are_searched_as_before(client, verified_entry):
    html = search(client, verified_entry.display_name)
    assert "1 account" in html
    assert "result-title" not in html


def test_a_long_pasted_link_is_answered_too(client, verified_entry):
    tracking = "&".join(f"utm_{i}=campaign{i}" for i in range(12))
    html = search(client, f"https://x.com/{verified_entry.handle}?{tracking}")
    assert 'class="result result-official"' in html


@pytest.mark.parametrize(
    ("text", "link"),
    [
        ("https://x.com/gouvlu", True),
        ("x.com/gouvlu", True),
        ("www.facebook.com/gouvernement.lu/", True),
        ("@gouvernement@social.example", True),
        ("gouvernement", False),
        ("Ministère des Finances", False),
        ("@gouvlu", False),
        ("gouvernement.lu", False),  # a domain alone: a word to search
        ("x.com/gouvlu and more", False),
        ("", False),
    ],
)
def test_what_counts_as_a_pasted_link(text, link):
    assert looks_like_a_link(text) is link


def test_a_closed_account_link_says_it_is_no_longer_official(client, closed_entry):
    assert closed_entry.status == Status.CLOSED
    html = search(client, closed_entry.url)
    assert "Closed: no longer an official account" in html
