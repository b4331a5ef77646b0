"""The log as outsiders see it, over real HTTP on loopback: two witnesses (`manage.py witness`,
each with its own key and state file), the standalone verifier (`registry-verify`, run as a
program) and a monitor, against a growing log, a forked one and tampered rows; and appends from
concurrent connections. PostgreSQL only (the trigger, row locks)."""

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection, connections, transaction
from registry_verifier import VerificationError, checks, merkle, note
from registry_verifier.client import Log

from registry.models import Checkpoint, LogEntry, LogHead, LogKey, LogNode, PublicChange
from registry.public_changes import record_public_change
from registry.transparency import checkpoints, keys
from tests.transparency_helpers import closed, suspended, verified

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="row locks between connections and the append-only trigger are PostgreSQL's",
    ),
]
VERIFY = str(Path(sys.executable).with_name("registry-verify"))
LOG_TABLES = ("registry_logentry", "registry_lognode", "registry_logkey")


def grow(entry, n: int) -> None:
    for _ in range(n):
        with transaction.atomic():
            record_public_change(entry, PublicChange.UPDATED)
    checkpoints.sign_checkpoint()


class Witness:
    def __init__(self, folder: Path, name: str):
        self.name, self.key = name, Ed25519PrivateKey.generate()
        self.pem, self.state = (
            folder / f"{name.replace('/', '_')}.pem",
            folder / f"{name.replace('/', '_')}.json",
        )
        self.pem.write_bytes(
            self.key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        self.verifier = note.verifier_of(name, self.key, note.COSIGNATURE_V1)

    def run(self, url: str) -> None:
        call_command("witness", log=url, log_key=keys.log_verifier().vkey, name=self.name,
                     key=str(self.pem), state=str(self.state))  # fmt: skip


@pytest.fixture
def witnesses(settings, tmp_path):
    pair = [Witness(tmp_path, "witness-a.example/w1"), Witness(tmp_path, "witness-b.example/w2")]
    settings.TRANSPARENCY_WITNESS_KEYS = [w.verifier.vkey for w in pair]
    return pair


def served_checkpoint(url: str) -> str:
    import urllib.request

    with urllib.request.urlopen(f"{url}/transparency/checkpoint") as answer:  # noqa: S310
        return answer.read().decode()


def rewrite_history(entry, n: int) -> None:
    """An insider with the database and the key: the log emptied and written again."""
    with connection.cursor() as cursor:
        for table in LOG_TABLES:
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        for table in ("registry_logkey", "registry_lognode", "registry_logentry"):
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - our own table names
        for table in LOG_TABLES:
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
    Checkpoint.objects.all().delete()
    LogHead.objects.update(size=0)
    for _ in range(n):
        with transaction.atomic():
            record_public_change(entry, PublicChange.REINSTATED)
    checkpoints.sign_checkpoint()


def test_two_witnesses_cosign_a_growing_log(live_server, witnesses, make_entry, reviewer):
    entry = verified(make_entry, reviewer)
    grow(entry, 2)
    for witness in witnesses:
        witness.run(live_server.url)
    served = served_checkpoint(live_server.url)
    assert note.verify_checkpoint(served, keys.log_verifier()).size == 3
    for witness in witnesses:
        note.verify_cosignature(served, witness.verifier)
    grow(entry, 4)
    for witness in witnesses:
        witness.run(live_server.url)
    served = served_checkpoint(live_server.url)
    assert note.verify_checkpoint(served, keys.log_verifier()).size == 7
    assert all(note.verify_cosignature(served, w.verifier) for w in witnesses)
    assert json.loads(witnesses[0].state.read_text())["checkpoint"].split("\n")[1] == "7"


@pytest.mark.parametrize("rewritten_size", [3, 6], ids=["same size", "larger"])
def test_both_witnesses_refuse_a_forked_log(
    live_server, witnesses, make_entry, reviewer, rewritten_size
):
    entry = verified(make_entry, reviewer)
    grow(entry, 2)
    for witness in witnesses:
        witness.run(live_server.url)
    rewrite_history(entry, rewritten_size)
    for witness in witnesses:
        with pytest.raises(CommandError, match=r"REFUSED.*fork"):
            witness.run(live_server.url)
    served = served_checkpoint(live_server.url)
    for witness in witnesses:
        with pytest.raises(VerificationError):
            note.verify_cosignature(served, witness.verifier)


def test_a_witness_refuses_a_shrinking_log(live_server, witnesses, make_entry, reviewer):
    entry = verified(make_entry, reviewer)
    grow(entry, 4)
    witnesses[0].run(live_server.url)
    rewrite_history(entry, 2)
    with pytest.raises(CommandError, match=r"REFUSED.*shrank"):
        witnesses[0].run(live_server.url)


def registry_verify(url: str, state: Path, *args: str, key: str | None = None):
    command = [
        VERIFY,
        "--log",
        url,
        "--key",
        key or keys.log_verifier().vkey,
        "--state",
        str(state),
        *args,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)  # noqa: S603
    return done.returncode, (json.loads(done.stdout) if done.returncode == 0 else done.stderr)


def test_the_journalists_three_commands(live_server, make_entry, reviewer, tmp_path):
    entry = verified(make_entry, reviewer, handle="gouvjournal")
    from django.utils import timezone

    then = timezone.now().isoformat()
    closed(entry, reviewer)
    checkpoints.sign_checkpoint()
    state = tmp_path / "state.json"
    code, out = registry_verify(live_server.url, state, "checkpoint")
    assert code == 0 and out["size"] == 2
    code, out = registry_verify(live_server.url, state, "list")
    assert code == 0 and out["count"] == 0 and out["log_size"] == 2
    code, out = registry_verify(
        live_server.url, state, "official", "https://x.com/gouvjournal", "--at", then
    )
    assert code == 0, out
    assert (out["result"], out["proven"], out["log_index"]) == ("official", True, 0)


def test_the_verifier_refuses_a_changed_database_row(live_server, make_entry, reviewer, tmp_path):
    entry = verified(make_entry, reviewer, handle="gouvtamper")
    from django.utils import timezone

    then = timezone.now().isoformat()
    suspended(entry, reviewer)
    checkpoints.sign_checkpoint()
    forged = bytes(LogEntry.objects.get(index=1).leaf).replace(
        b'"suspended","time"', b'"official","time"'
    )
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE registry_logentry DISABLE TRIGGER USER")
        cursor.execute("UPDATE registry_logentry SET leaf = %s, leaf_hash = %s WHERE index = 1",
                       [forged, merkle.leaf_hash(forged)])  # fmt: skip
        cursor.execute("ALTER TABLE registry_logentry ENABLE TRIGGER USER")
    code, err = registry_verify(
        live_server.url,
        tmp_path / "s.json",
        "official",
        "https://x.com/gouvtamper",
        "--at",
        "2999-01-01",
    )
    assert code == 1 and "NOT VERIFIED" in err and "inclusion" in err
    code, err = registry_verify(live_server.url, tmp_path / "m.json", "monitor")
    assert code == 1 and "the log lied" in err
    code, out = registry_verify(
        live_server.url, tmp_path / "t.json", "official", "https://x.com/gouvtamper", "--at", then
    )
    assert code == 0 and out["result"] == "official"  # entry 0 is untouched and still proven


def test_the_verifier_refuses_a_wrong_key_and_a_forked_history(
    live_server, make_entry, reviewer, tmp_path
):
    entry = verified(make_entry, reviewer)
    grow(entry, 2)
    stranger = note.verifier_of(keys.origin(), Ed25519PrivateKey.generate()).vkey
    code, err = registry_verify(live_server.url, tmp_path / "w.json", "checkpoint", key=stranger)
    assert code == 1 and "signature" in err
    state = tmp_path / "s.json"
    assert registry_verify(live_server.url, state, "checkpoint")[0] == 0
    rewrite_history(entry, 5)
    code, err = registry_verify(live_server.url, state, "checkpoint")
    assert code == 1 and "fork" in err


def test_the_verifier_refuses_an_expired_or_rolled_back_list(live_server, make_entry, reviewer):
    import datetime

    verified(make_entry, reviewer)
    log = Log(live_server.url, keys.log_verifier())
    state = {}
    version = checks.check_list(log, state)["version"]
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=8)
    with pytest.raises(VerificationError, match="expired"):
        checks.check_list(log, {}, at=later)
    with pytest.raises(VerificationError, match="rollback"):
        checks.check_list(log, {"list_version": version + 1})
    wrong = Log(live_server.url, note.verifier_of(keys.origin(), Ed25519PrivateKey.generate()))
    with pytest.raises(VerificationError, match="signature"):
        checks.check_list(wrong, {})


def test_the_verifier_refuses_a_truncated_proof(live_server, make_entry, reviewer, monkeypatch):
    entry = verified(make_entry, reviewer)
    grow(entry, 6)
    log = Log(live_server.url, keys.log_verifier())
    _served, checkpoint = log.checkpoint()
    (leaf,) = log.entries(3, 4)
    log.prove_inclusion(3, leaf["leaf_hash"], checkpoint)
    real = log.json

    def truncated(path, **query):
        answer = real(path, **query)
        if "path" in answer:
            answer["path"] = answer["path"][:-1]
        return answer

    monkeypatch.setattr(log, "json", truncated)  # the network's answer, not our code
    with pytest.raises(VerificationError, match="too short"):
        log.prove_inclusion(3, leaf["leaf_hash"], checkpoint)


def test_a_monitor_follows_the_log_and_alerts_on_its_ministry(
    live_server, make_entry, reviewer, tmp_path, service_a, service_b
):
    state = tmp_path / "monitor.json"
    verified(make_entry, reviewer)
    other = verified(make_entry, reviewer, service=service_b)
    checkpoints.sign_checkpoint()
    code, found = registry_verify(
        live_server.url, state, "monitor", "--ministry", service_b.ministry.name
    )
    assert code == 0 and [f["entry"] for f in found] == [other.pk]
    suspended(other, reviewer)
    checkpoints.sign_checkpoint()
    code, found = registry_verify(
        live_server.url, state, "monitor", "--ministry", service_b.ministry.name
    )
    assert code == 0 and [(f["index"], f["kind"]) for f in found] == [(2, "suspended")]
    code, found = registry_verify(live_server.url, state, "monitor")
    assert code == 0 and found == []


def test_concurrent_changes_never_share_an_index(make_entry, reviewer):
    entry = verified(make_entry, reviewer)
    start = threading.Barrier(6)
    errors = []

    def change():
        try:
            start.wait()
            for _ in range(5):
                with transaction.atomic():
                    record_public_change(entry, PublicChange.UPDATED)
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=change) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    indexes = list(LogEntry.objects.order_by("index").values_list("index", flat=True))
    assert indexes == list(range(31))
    assert LogHead.objects.get().size == 31
    previous = [
        json.loads(bytes(r))["previous"]
        for r in LogEntry.objects.order_by("index").values_list("leaf", flat=True)
    ]
    assert previous == [None, *range(30)]
    leaves = [
        bytes(h) for h in LogEntry.objects.order_by("index").values_list("leaf_hash", flat=True)
    ]
    from registry.transparency import log

    assert log.root_at(31) == merkle.root_hash(leaves)
    assert LogKey.objects.count() == 31 and LogNode.objects.count() > 31
