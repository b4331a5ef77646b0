"""Checks what the official accounts registry publishes, without trusting it.

Standard library plus `cryptography`; no Django. `merkle` (RFC 9162 §2.1 trees and proofs),
`canonical` (RFC 8785 JSON), `note` (C2SP signed notes, checkpoints, cosignatures, vkeys),
`client` (the registry's public endpoints, every answer checked), `cli` (`registry-verify`).
"""


class VerificationError(Exception):
    """What was published does not prove what it claims: never trust it."""
