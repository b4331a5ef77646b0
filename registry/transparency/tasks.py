"""The log's periodic job (registry.schedule): sign a checkpoint when the log grew, and build
the signed offline list of the register as it is now."""

from django_tasks import task


@task()
def sign_checkpoint_and_list() -> str:
    from registry.transparency import checkpoints, signed_list

    signed = checkpoints.sign_checkpoint()
    listed = signed_list.current()
    head = f"signed checkpoint {signed.size}" if signed else "checkpoint up to date"
    return f"{head}; list version {listed.version}"
