"""registry-verify: check the registry from its public endpoints alone.

    registry-verify --log https://registry.example --key "$VKEY" checkpoint [--witness VKEY]
    registry-verify --log … --key … list
    registry-verify --log … --key … official https://x.com/gouvlu --at 2026-03-12
    registry-verify --log … --key … monitor --ministry "Ministère d'État"
    registry-verify --log … --key … witness --name w.example/1 --witness-key w.pem

Each command remembers what it saw in --state (a JSON file; default ./registry-verify.json),
so the next run refuses a log that forked, shrank, or a list that rolled back. Exit status 0:
verified; 1: verification failed (the reason on standard error); 2: usage.
"""

import argparse
import json
import sys

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from registry_verifier import VerificationError, checks, note
from registry_verifier.client import Log, checked_checkpoint, load_state, save_state


def witness_key(path: str) -> Ed25519PrivateKey:
    """The witness's own key (PEM); generated into `path` on first use."""
    try:
        with open(path, "rb") as pem:
            key = serialization.load_pem_private_key(pem.read(), password=None)
    except FileNotFoundError:
        key = Ed25519PrivateKey.generate()
        with open(path, "wb") as pem:
            pem.write(
                key.private_bytes(
                    serialization.Encoding.PEM,
                    serialization.PrivateFormat.PKCS8,
                    serialization.NoEncryption(),
                )
            )
    if not isinstance(key, Ed25519PrivateKey):
        raise VerificationError("the witness key must be Ed25519")
    return key


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="registry-verify", description=__doc__.split("\n")[0])
    p.add_argument("--log", required=True, help="the registry's address")
    p.add_argument("--key", required=True, help="the log's vkey (pin it)")
    p.add_argument("--state", default="registry-verify.json")
    sub = p.add_subparsers(dest="command", required=True)
    cp = sub.add_parser("checkpoint", help="verify the latest checkpoint and its consistency")
    cp.add_argument("--witness", action="append", default=[], help="a witness vkey to require")
    sub.add_parser("list", help="verify the signed offline list")
    off = sub.add_parser("official", help="was this link official at that date?")
    off.add_argument("link")
    off.add_argument("--at", required=True, help="ISO 8601 date or date-time")
    mon = sub.add_parser("monitor", help="new entries since the last run, checked")
    mon.add_argument("--ministry", action="append", default=[])
    wit = sub.add_parser("witness", help="cosign the checkpoint if consistent")
    wit.add_argument("--name", required=True)
    wit.add_argument("--witness-key", required=True, help="PEM file (created on first use)")
    wit.add_argument("--no-submit", action="store_true")
    return p


def run(args) -> object:
    log = Log(args.log, note.parse_vkey(args.key))
    state = load_state(args.state)
    if args.command == "checkpoint":
        witnesses = [note.parse_vkey(v) for v in args.witness]
        result = checked_checkpoint(log, state, witnesses)
        out = {"size": result.size, "root_hash": result.root.hex(), "witnesses": args.witness}
    elif args.command == "list":
        document = checks.check_list(log, state)
        out = {k: document[k] for k in ("version", "generated_at", "expires", "log_size", "count")}
    elif args.command == "official":
        out = checks.was_official(log, args.link, args.at, state)
    elif args.command == "monitor":
        out = checks.monitor(log, state, set(args.ministry))
    else:
        key = witness_key(args.witness_key)
        cosigned = checks.witness(log, state, args.name, key, submit=not args.no_submit)
        out = {
            "cosigned": cosigned,
            "vkey": note.verifier_of(args.name, key, note.COSIGNATURE_V1).vkey,
        }
    save_state(args.state, state)
    return out


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    try:
        out = run(args)
    except (VerificationError, OSError, ValueError, KeyError) as error:
        print(f"NOT VERIFIED: {error}", file=sys.stderr)
        return 1
    print(json.dumps(out, indent=1, ensure_ascii=False, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
