"""The log's signing key: from settings (a PEM file, or the PEM in the environment), or, with
debug on and neither set, a demo key generated on first use and kept in an ignored file.

Rotation (docs/transparency.md): a new key is a new log for everyone who pinned the old vkey,
so it comes with a new TRANSPARENCY_ORIGIN, announced with the old key still signing.
"""

import os
from functools import lru_cache

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from registry_verifier import note


def _load(pem: bytes) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ImproperlyConfigured("The transparency signing key must be an Ed25519 key.")
    return key


def _demo_key() -> Ed25519PrivateKey:
    path = settings.TRANSPARENCY_DEMO_KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        try:  # two workers may start at once: the first file wins, the other reads it
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(pem)
        except FileExistsError:
            pass
    return _load(path.read_bytes())


@lru_cache(maxsize=4)
def _key_of(file: str, inline: str, debug: bool) -> Ed25519PrivateKey:
    if inline:
        return _load(inline.encode())
    if file:
        with open(file, "rb") as pem:
            return _load(pem.read())
    if debug:
        return _demo_key()
    raise ImproperlyConfigured(
        "Set TRANSPARENCY_SIGNING_KEY_FILE (or TRANSPARENCY_SIGNING_KEY) to sign the public log."
    )


def signing_key() -> Ed25519PrivateKey:
    return _key_of(
        settings.TRANSPARENCY_SIGNING_KEY_FILE, settings.TRANSPARENCY_SIGNING_KEY, settings.DEBUG
    )


def origin() -> str:
    return settings.TRANSPARENCY_ORIGIN


def log_verifier() -> note.Verifier:
    return note.verifier_of(origin(), signing_key())


def witnesses() -> list[note.Verifier]:
    """The witnesses whose cosignatures the registry keeps (TRANSPARENCY_WITNESS_KEYS)."""
    return [note.parse_vkey(vkey) for vkey in settings.TRANSPARENCY_WITNESS_KEYS]
