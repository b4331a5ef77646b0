"""C2SP signed notes (signed-note), checkpoints (tlog-checkpoint) and Ed25519 cosignatures
(tlog-cosignature v1), with verifier keys (vkeys): `<name>+<hex key id>+<base64(type ‖ key)>`.
"""

import base64
import hashlib
import struct
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from registry_verifier import VerificationError

ED25519 = 0x01  # signed-note: a log's signature
COSIGNATURE_V1 = 0x04  # tlog-cosignature: a witness's timestamped Ed25519 signature
DASH = "\u2014"
MAX_SIGNATURES = 16


def raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def key_id(name: str, kind: int, public: bytes) -> bytes:
    return hashlib.sha256(name.encode() + b"\n" + bytes([kind]) + public).digest()[:4]


@dataclass(frozen=True)
class Verifier:
    """A public key as a vkey names it."""

    name: str
    kind: int
    public: bytes

    @property
    def key_id(self) -> bytes:
        return key_id(self.name, self.kind, self.public)

    @property
    def vkey(self) -> str:
        material = base64.b64encode(bytes([self.kind]) + self.public).decode()
        return f"{self.name}+{self.key_id.hex()}+{material}"

    def verify(self, message: bytes, signature: bytes) -> bool:
        try:
            Ed25519PublicKey.from_public_bytes(self.public).verify(signature, message)
        except InvalidSignature:
            return False
        return True


def parse_vkey(text: str) -> Verifier:
    try:
        name, hex_id, material = text.strip().split("+", 2)
        raw = base64.b64decode(material, validate=True)
        expected = bytes.fromhex(hex_id)
    except ValueError as error:
        raise VerificationError(f"not a verifier key: {text!r}") from error
    if not name or len(raw) != 33 or raw[0] not in (ED25519, COSIGNATURE_V1):
        raise VerificationError("not an Ed25519 verifier key")
    verifier = Verifier(name, raw[0], raw[1:])
    if verifier.key_id != expected:
        raise VerificationError("verifier key: its key id does not match its key")
    return verifier


def verifier_of(name: str, key: Ed25519PrivateKey, kind: int = ED25519) -> Verifier:
    return Verifier(name, kind, raw_public(key.public_key()))


@dataclass(frozen=True)
class Signature:
    name: str
    key_id: bytes
    signature: bytes

    @property
    def line(self) -> str:
        return f"{DASH} {self.name} {base64.b64encode(self.key_id + self.signature).decode()}\n"


def sign(text: str, name: str, key: Ed25519PrivateKey) -> str:
    """The signature line of `text` (a note text, ending in a newline) by a log key."""
    kid = key_id(name, ED25519, raw_public(key.public_key()))
    return Signature(name, kid, key.sign(text.encode())).line


def split_note(note: str) -> tuple[str, list[Signature]]:
    """The text and the signatures of a signed note; raises on a malformed note."""
    if not note.endswith("\n") or "\n\n" not in note:
        raise VerificationError("not a signed note")
    if any(ord(c) < 0x20 and c != "\n" for c in note):
        raise VerificationError("a signed note holds no control characters")
    text, _, block = note.rpartition("\n\n")
    signatures = []
    for line in block.splitlines():
        dash, space, rest = line.partition(" ")
        name, _, encoded = rest.partition(" ")
        try:
            raw = base64.b64decode(encoded, validate=True)
        except ValueError as error:
            raise VerificationError("a signature line is not base64") from error
        if dash != DASH or not space or not name or len(raw) < 5:
            raise VerificationError("malformed signature line")
        signatures.append(Signature(name, raw[:4], raw[4:]))
    if not signatures or len(signatures) > MAX_SIGNATURES:
        raise VerificationError("a signed note carries 1 to 16 signatures")
    return text + "\n", signatures


def verify_note(note: str, verifier: Verifier) -> str:
    """The note's text, once `verifier` signed it; raises otherwise."""
    text, signatures = split_note(note)
    mine = [s for s in signatures if (s.name, s.key_id) == (verifier.name, verifier.key_id)]
    if not mine:
        raise VerificationError(f"the note carries no signature of {verifier.name}")
    if not all(verifier.verify(text.encode(), s.signature) for s in mine):
        raise VerificationError(f"the signature of {verifier.name} does not verify")
    return text


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root: bytes
    text: str  # the note text exactly as signed

    @classmethod
    def parse(cls, text: str) -> "Checkpoint":
        lines = text.split("\n")
        try:
            origin, size, root = lines[0], int(lines[1]), base64.b64decode(lines[2], validate=True)
        except (IndexError, ValueError) as error:
            raise VerificationError("not a checkpoint") from error
        if not origin or size < 0 or len(root) != 32 or lines[1] != str(size):
            raise VerificationError("not a checkpoint")
        return cls(origin, size, root, text)


def checkpoint_text(origin: str, size: int, root: bytes) -> str:
    return f"{origin}\n{size}\n{base64.b64encode(root).decode()}\n"


def verify_checkpoint(note: str, log: Verifier) -> Checkpoint:
    checkpoint = Checkpoint.parse(verify_note(note, log))
    if checkpoint.origin != log.name:
        raise VerificationError("the checkpoint's origin is not the log's key name")
    return checkpoint


def cosignature_message(text: str, timestamp: int) -> bytes:
    return f"cosignature/v1\ntime {timestamp}\n".encode() + text.encode()


def cosign(text: str, name: str, key: Ed25519PrivateKey, timestamp: int) -> str:
    """A witness's cosignature line (tlog-cosignature v1) of a checkpoint's note text."""
    kid = key_id(name, COSIGNATURE_V1, raw_public(key.public_key()))
    signed = key.sign(cosignature_message(text, timestamp))
    return Signature(name, kid, struct.pack(">Q", timestamp) + signed).line


def verify_cosignature(note: str, witness: Verifier) -> int:
    """The time at which `witness` cosigned the note's checkpoint; raises unless it did."""
    text, signatures = split_note(note)
    for s in signatures:
        if (s.name, s.key_id) != (witness.name, witness.key_id) or len(s.signature) != 72:
            continue
        (timestamp,) = struct.unpack(">Q", s.signature[:8])
        if witness.verify(cosignature_message(text, timestamp), s.signature[8:]):
            return timestamp
        raise VerificationError(f"the cosignature of {witness.name} does not verify")
    raise VerificationError(f"the checkpoint carries no cosignature of {witness.name}")
