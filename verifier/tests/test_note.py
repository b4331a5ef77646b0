"""Signed notes, checkpoints and cosignatures as C2SP defines them, and RFC 8785 leaves."""

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from registry_verifier import VerificationError
from registry_verifier import note as n
from registry_verifier.canonical import canonical

SPEC_VKEY = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"
SPEC_NOTE = (
    "This is an example message.\n\n\u2014 example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXp"
    "pzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n"
)


def test_the_signed_note_specifications_example_verifies():
    assert n.verify_note(SPEC_NOTE, n.parse_vkey(SPEC_VKEY)) == "This is an example message.\n"


def test_a_changed_note_is_refused():
    with pytest.raises(VerificationError):
        n.verify_note(SPEC_NOTE.replace("example", "exemple", 1), n.parse_vkey(SPEC_VKEY))


def test_a_vkey_round_trips_and_its_key_id_is_checked():
    key = Ed25519PrivateKey.generate()
    verifier = n.verifier_of("log.example/t", key)
    assert n.parse_vkey(verifier.vkey) == verifier
    name, _kid, material = verifier.vkey.split("+", 2)
    with pytest.raises(VerificationError, match="key id"):
        n.parse_vkey(f"{name}+00000000+{material}")


def test_a_checkpoint_signed_by_another_key_is_refused():
    text = n.checkpoint_text("log.example/t", 3, b"\x01" * 32)
    note = text + "\n" + n.sign(text, "log.example/t", Ed25519PrivateKey.generate())
    with pytest.raises(VerificationError):
        n.verify_checkpoint(note, n.verifier_of("log.example/t", Ed25519PrivateKey.generate()))


def test_a_cosignature_verifies_with_its_witness_key_only():
    log, witness = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    text = n.checkpoint_text("log.example/t", 3, b"\x01" * 32)
    note = text + "\n" + n.sign(text, "log.example/t", log)
    note += n.cosign(text, "witness.example/w", witness, 1_700_000_000)
    verifier = n.verifier_of("witness.example/w", witness, n.COSIGNATURE_V1)
    assert n.verify_cosignature(note, verifier) == 1_700_000_000
    assert n.verify_checkpoint(note, n.verifier_of("log.example/t", log)).size == 3
    other = n.verifier_of("witness.example/w", Ed25519PrivateKey.generate(), n.COSIGNATURE_V1)
    with pytest.raises(VerificationError):
        n.verify_cosignature(note, other)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"b": 1, "a": [True, None, "x"]}, b'{"a":[true,null,"x"],"b":1}'),
        ({"é": '\u20ac\n"\\'}, '{"é":"\u20ac\\n\\"\\\\"}'.encode()),
        # UTF-16 order: U+1F600 (D83D DE00) before U+FB33, though its code point is larger
        ({"\ufb33": 1, "\U0001f600": 2, "a": 3}, '{"a":3,"\U0001f600":2,"\ufb33":1}'.encode()),
        ("\x1f", b'"\\u001f"'),
    ],
)
def test_leaves_are_rfc_8785_canonical_json(value, expected):
    assert canonical(value) == expected
