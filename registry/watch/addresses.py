"""Which addresses the watch's fetcher may connect to: public unicast ones only.

A profile link is text a stranger chooses, so the fetcher must never be turned into a way to
reach the registry's own network (SSRF). The standard library's `is_global` is not enough on its
own: on Python 3.11 it calls `::8.8.8.8`, site-local `fec0::/10`, multicast `ff02::1`, the local
NAT64 prefix and the documentation prefix `3fff::/20` global, and it judges an IPv6 address that
carries an IPv4 one (NAT64, 6to4, SIIT) by its IPv6 form, while the packets end at the IPv4
address inside. The rule here, written once:

- IPv4: public when Python calls it global, it is not multicast, and it is none of the
  special-purpose blocks below (IANA's registry);
- IPv6 that embeds or translates to an IPv4 address (IPv4-mapped `::ffff:0:0/96`, SIIT's
  IPv4-translated `::ffff:0:0:0/96`, NAT64's well-known `64:ff9b::/96`, 6to4 `2002::/16`): judged
  by the IPv4 address it leads to;
- IPv6 that could lead anywhere or nowhere public (the deprecated IPv4-compatible `::/96`, NAT64's
  local-use `64:ff9b:1::/48`, Teredo `2001::/32`, whose tunnel endpoints are the sender's choice):
  refused, whatever IPv4 address it names;
- any other IPv6: public only inside the global unicast space `2000::/3`, outside IANA's
  special-purpose blocks.
"""

import ipaddress

IPv4, IPv6 = ipaddress.IPv4Network, ipaddress.IPv6Network

_IPV4_SPECIAL = tuple(
    IPv4(block)
    for block in (
        "0.0.0.0/8",  # "this network"
        "100.64.0.0/10",  # shared address space (carrier-grade NAT)
        "192.0.0.0/24",  # IETF protocol assignments (DS-Lite, the dummy address…)
        "192.88.99.0/24",  # the deprecated 6to4 relay anycast
        "198.18.0.0/15",  # benchmarking
        "224.0.0.0/4",  # multicast
        "240.0.0.0/4",  # reserved, and the broadcast address
    )
)
_NAT64_WELL_KNOWN = IPv6("64:ff9b::/96")
_SIIT_TRANSLATED = IPv6("::ffff:0:0:0/96")
_NEVER_IPV6 = tuple(
    IPv6(block)
    for block in (
        "::/96",  # IPv4-compatible (deprecated since RFC 4291), ::, ::1 and every ::a.b.c.d
        "64:ff9b:1::/48",  # NAT64 local use (RFC 8215): translates to whatever the operator says
        "2001::/32",  # Teredo: both tunnel endpoints are chosen by whoever made the address
    )
)
_GLOBAL_UNICAST = IPv6("2000::/3")
_IPV6_SPECIAL = tuple(
    IPv6(block)
    for block in (
        "2001::/23",  # IETF protocol assignments (benchmarking, ORCHID…)
        "2001:db8::/32",  # documentation
        "3fff::/20",  # documentation (RFC 9637)
    )
)


def is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Whether the fetcher may connect to `address` (see the module's rule)."""
    if isinstance(address, ipaddress.IPv4Address):
        return _is_public_ipv4(address)
    if any(address in block for block in _NEVER_IPV6):
        return False
    inner = embedded_ipv4(address)
    if inner is not None:
        return _is_public_ipv4(inner)
    if address not in _GLOBAL_UNICAST:
        return False  # loopback, link-local, site-local, unique local, multicast, reserved
    return not any(address in block for block in _IPV6_SPECIAL)


def embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address the packets to `address` end at, for the forms that carry one."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in _NAT64_WELL_KNOWN or address in _SIIT_TRANSLATED:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def _is_public_ipv4(address: ipaddress.IPv4Address) -> bool:
    if not address.is_global or address.is_multicast:
        return False
    return not any(address in block for block in _IPV4_SPECIAL)
