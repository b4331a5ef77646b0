"""The fetcher's address rule: only public unicast addresses, whatever form an address takes.

Each IPv6 form that carries an IPv4 address is judged by the IPv4 address the packets end at;
the forms that could lead anywhere are refused outright."""

import ipaddress

import pytest

from registry.watch.addresses import embedded_ipv4, is_public
from registry.watch.fetch import FetchError, public_address

REFUSED = {
    # IPv4 ranges that are not global
    "loopback": "127.0.0.1",
    "private 10/8": "10.1.2.3",
    "private 172.16/12": "172.16.5.4",
    "private 192.168/16": "192.168.1.1",
    "link-local (cloud metadata)": "169.254.169.254",
    "this network": "0.0.0.0",  # noqa: S104
    "shared address space": "100.64.0.1",
    "IETF protocol assignments": "192.0.0.8",
    "documentation": "192.0.2.1",
    "6to4 relay anycast": "192.88.99.1",
    "benchmarking": "198.18.0.1",
    "multicast": "224.0.0.1",
    "multicast test net": "233.252.0.1",
    "reserved": "240.0.0.1",
    "broadcast": "255.255.255.255",
    # IPv6 ranges that are not global
    "IPv6 unspecified": "::",
    "IPv6 loopback": "::1",
    "IPv6 link-local": "fe80::1",
    "IPv6 site-local": "fec0::1",
    "IPv6 unique local": "fc00::1",
    "IPv6 unique local fd": "fd12:3456::1",
    "IPv6 multicast": "ff02::1",
    "IPv6 discard-only": "100::1",
    "IPv6 documentation": "2001:db8::1",
    "IPv6 documentation 3fff::/20": "3fff::1",
    "IPv6 ORCHIDv2": "2001:20::1",
    "IPv6 benchmarking": "2001:2::1",
    "IPv6 SRv6 SIDs": "5f00::1",
    # IPv6 forms leading to a refused IPv4 address
    "IPv4-mapped loopback": "::ffff:127.0.0.1",
    "IPv4-mapped metadata": "::ffff:169.254.169.254",
    "IPv4-mapped private": "::ffff:10.0.0.1",
    "IPv4-translated loopback": "::ffff:0:127.0.0.1",
    "IPv4-translated private": "::ffff:0:192.168.0.1",
    "NAT64 well-known to loopback": "64:ff9b::127.0.0.1",
    "NAT64 well-known to metadata": "64:ff9b::a9fe:a9fe",
    "NAT64 well-known to private": "64:ff9b::10.0.0.1",
    "6to4 of loopback": "2002:7f00:1::1",
    "6to4 of private": "2002:c0a8:101::1",
    "6to4 of metadata": "2002:a9fe:a9fe::1",
    # IPv6 forms refused whatever they name
    "IPv4-compatible loopback": "::127.0.0.1",
    "IPv4-compatible public": "::8.8.8.8",
    "NAT64 local-use to private": "64:ff9b:1::10.0.0.1",
    "NAT64 local-use to public": "64:ff9b:1::8.8.8.8",
    "Teredo to private": "2001:0:c0a8:101::1",
    "Teredo to public": "2001:0:4136:e378:8000:63bf:3fff:fdd2",
}

ALLOWED = {
    "public IPv4": "8.8.8.8",
    "public IPv4 (AS112)": "192.31.196.1",
    "public IPv6": "2001:4860:4860::8888",
    "public IPv6 (2a00)": "2a00:1450:4001:80b::200e",
    "IPv4-mapped public": "::ffff:8.8.8.8",
    "IPv4-translated public": "::ffff:0:8.8.8.8",
    "NAT64 well-known to public": "64:ff9b::8.8.8.8",
    "6to4 of public": "2002:808:808::1",
}


@pytest.mark.parametrize("address", REFUSED.values(), ids=REFUSED.keys())
def test_a_non_public_address_in_any_form_is_refused(address, settings):
    settings.WATCH_ALLOW_PRIVATE_ADDRESSES = False
    assert not is_public(ipaddress.ip_address(address))
    with pytest.raises(FetchError) as refused:
        public_address(address, 443)
    assert refused.value.kind == "refused"


@pytest.mark.parametrize("address", ALLOWED.values(), ids=ALLOWED.keys())
def test_a_public_address_in_any_form_is_allowed(address):
    assert is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    ("address", "inner"),
    [
        ("::ffff:127.0.0.1", "127.0.0.1"),
        ("::ffff:0:10.0.0.1", "10.0.0.1"),
        ("64:ff9b::a9fe:a9fe", "169.254.169.254"),
        ("2002:c0a8:101::1", "192.168.1.1"),
        ("2001:4860:4860::8888", None),
    ],
)
def test_the_ipv4_address_an_ipv6_form_leads_to_is_read(address, inner):
    found = embedded_ipv4(ipaddress.IPv6Address(address))
    assert (str(found) if found else None) == inner


def test_a_name_with_one_non_public_address_among_public_ones_is_refused(settings, monkeypatch):
    """Every answer of the resolver must be public: one bad one refuses the host."""
    import socket

    answers = [
        (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("8.8.8.8", 443)),
        (socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("64:ff9b::7f00:1", 443, 0, 0)),
    ]
    monkeypatch.setattr(socket, "getaddrinfo", lambda *args, **kwargs: answers)
    settings.WATCH_ALLOW_PRIVATE_ADDRESSES = False
    with pytest.raises(FetchError) as refused:
        public_address("platform.example", 443)
    assert refused.value.kind == "refused"
