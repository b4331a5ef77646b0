"""The registry as a Bluesky labeler: atproto labels on the Bluesky accounts it holds.

Each watched Bluesky entry whose DID the registry knows carries one of `official`, `suspended`,
`closed` (its public status); when that state ends, the label is negated (`neg: true`) and the
new one issued, in the change's own transaction (`relabel`, called for every public change).
Labels are signed as atproto asks: ECDSA over secp256k1 (SHA-256, low-S, 64-byte r‖s) of the
DAG-CBOR encoding of the label without its `sig`, with the labeler's own key
(LABELER_SIGNING_KEY; a published demo key when DEBUG is on and none is set; no key: no labels).
Served by `/xrpc/com.atproto.label.queryLabels` (registry/push/xrpc.py) and, over WebSocket,
`manage.py serve_labels` (subscribeLabels). See docs/push.md.
"""

import base64
import datetime

import libipld
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from django.conf import settings

from registry.models import SocialAccount, Status
from registry.push.models import Label

# secp256k1's group order: a signature's s above half of it is replaced by n - s (low-S).
ORDER = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
VALUES = {Status.VERIFIED: "official", Status.SUSPENDED: "suspended", Status.CLOSED: "closed"}
# Anyone may read it: never use it beyond a development machine.
DEMO_KEY = "7e5f9c1a3b2d4e6f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7"


def signing_key() -> ec.EllipticCurvePrivateKey | None:
    secret = settings.LABELER_SIGNING_KEY or (DEMO_KEY if settings.DEBUG else "")
    if not secret:
        return None
    return ec.derive_private_key(int(secret, 16), ec.SECP256K1())


def labeler_did() -> str:
    return settings.LABELER_DID


def relabel(entry: SocialAccount) -> list[Label]:
    """Bring `entry`'s labels in line with its public status (in the current transaction)."""
    key = signing_key()
    did = entry.platform_account_id or ""
    if (
        key is None
        or entry.platform != SocialAccount.Platform.BLUESKY
        or not did.startswith("did:")
    ):
        return []
    wanted = {VALUES[entry.status]} if entry.status in VALUES else set()
    held = current_values(did)
    issued = [_issue(key, did, val, neg=True) for val in sorted(held - wanted)]
    issued += [_issue(key, did, val, neg=False) for val in sorted(wanted - held)]
    return issued


def current_values(uri: str) -> set[str]:
    """The values whose latest label on `uri` is not a negation."""
    latest: dict[str, bool] = {}
    for val, neg in Label.objects.filter(uri=uri, src=labeler_did()).values_list("val", "neg"):
        latest[val] = neg  # in id order: the last one wins
    return {val for val, neg in latest.items() if not neg}


def _issue(key, uri: str, val: str, *, neg: bool) -> Label:
    now = datetime.datetime.now(datetime.UTC).isoformat(timespec="milliseconds")
    label = Label(src=labeler_did(), uri=uri, val=val, neg=neg, cts=now.replace("+00:00", "Z"))
    label.sig = sign(key, unsigned(label))
    label.save()
    return label


def unsigned(label: Label) -> dict:
    """The label as signed and sent, without `sig` (`neg` only when true)."""
    data = {"ver": 1, "src": label.src, "uri": label.uri, "val": label.val, "cts": label.cts}
    if label.neg:
        data["neg"] = True
    return data


def sign(key: ec.EllipticCurvePrivateKey, data: dict) -> bytes:
    der = key.sign(libipld.encode_dag_cbor(data), ec.ECDSA(hashes.SHA256()))
    r, s = decode_dss_signature(der)
    s = min(s, ORDER - s)
    return r.to_bytes(32, "big") + s.to_bytes(32, "big")


def as_json(label: Label) -> dict:
    """The label in atproto's JSON form (bytes as `{"$bytes": base64}`)."""
    encoded = base64.b64encode(bytes(label.sig)).decode().rstrip("=")
    return {**unsigned(label), "sig": {"$bytes": encoded}}


def as_cbor_object(label: Label) -> dict:
    return {**unsigned(label), "sig": bytes(label.sig)}


def public_multikey(key: ec.EllipticCurvePrivateKey) -> str:
    """The public key as a did:key Multikey (`z` + base58btc of 0xe7 0x01 + compressed point)."""
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    point = key.public_key().public_bytes(Encoding.X962, PublicFormat.CompressedPoint)
    return "z" + _base58(b"\xe7\x01" + point)


def _base58(data: bytes) -> str:
    alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
    number, text = int.from_bytes(data, "big"), ""
    while number:
        number, rest = divmod(number, 58)
        text = alphabet[rest] + text
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + text
