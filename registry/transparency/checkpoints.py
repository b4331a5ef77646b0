"""Signed checkpoints of the log, and the cosignatures witnesses add to them.

`sign_checkpoint()` runs every minute (registry.schedule): when the log grew, it signs its new
size, never a smaller one (the unique size and the check under the head's lock). Witnesses
fetch the latest checkpoint, check it and post back a cosignature line; one that verifies under
a key of TRANSPARENCY_WITNESS_KEYS is kept and served appended to the checkpoint.
"""

from django.db import IntegrityError, transaction
from registry_verifier import VerificationError, note

from registry.models import Checkpoint, Cosignature, LogHead
from registry.transparency import keys, log


class CosignatureRefused(ValueError):
    """A posted cosignature that is not from an accepted witness, or not of this checkpoint."""


def latest() -> Checkpoint | None:
    return Checkpoint.objects.order_by("-size").first()


@transaction.atomic
def sign_checkpoint() -> Checkpoint | None:
    """A new checkpoint when the log grew since the last one; None when it has not."""
    head = LogHead.objects.select_for_update().filter(pk=1).first()
    size = head.size if head else 0
    last = latest()
    if size == 0 or (last and last.size >= size):
        return None
    root = log.root_at(size)
    text = note.checkpoint_text(keys.origin(), size, root)
    signed = text + "\n" + note.sign(text, keys.origin(), keys.signing_key())
    try:
        with transaction.atomic():
            return Checkpoint.objects.create(size=size, root_hash=root, note=signed)
    except IntegrityError:
        return None  # another scheduler signed this size first


def served_note(checkpoint: Checkpoint) -> str:
    """The checkpoint with every kept cosignature line appended (witness name order)."""
    lines = checkpoint.cosigned.order_by("witness").values_list("line", flat=True)
    return checkpoint.note + "".join(lines)


def add_cosignature(posted: str) -> list[Cosignature]:
    """Keep the witnesses' cosignatures in `posted`: the checkpoint note as a witness cosigned
    it (the registry's note, as served, with the witness's line appended). Only lines that
    verify under a key of TRANSPARENCY_WITNESS_KEYS are kept; raises if there is none."""
    try:
        body, signatures = note.split_note(posted)
        size = note.Checkpoint.parse(body).size
    except VerificationError as error:
        raise CosignatureRefused(str(error)) from error
    checkpoint = Checkpoint.objects.filter(size=size).first()
    if checkpoint is None or not checkpoint.note.startswith(body + "\n"):
        raise CosignatureRefused("not a checkpoint this log signed")
    kept = []
    for witness in keys.witnesses():
        try:
            note.verify_cosignature(posted, witness)
        except VerificationError:
            continue
        mine = (witness.name, witness.key_id)
        line = next(s.line for s in signatures if (s.name, s.key_id) == mine)
        cosigned, _ = Cosignature.objects.update_or_create(
            checkpoint=checkpoint, witness=witness.name, defaults={"line": line}
        )
        kept.append(cosigned)
    if not kept:
        raise CosignatureRefused("no valid cosignature by an accepted witness")
    return kept
