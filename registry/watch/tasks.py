"""The watch's jobs on the queue (django-tasks): thin wrappers over registry.watch.service."""

from django_tasks import task

from registry.watch import service


@task()
def check_entry_task(entry_id: int) -> str:
    """Check one entry; another worker already checking it makes this one a no-op."""
    observation = service.check_entry(entry_id)
    return observation.kind if observation else "skipped"


@task()
def enqueue_due_checks_task() -> int:
    """The daily run: one job per due entry, for however many workers there are."""
    return service.enqueue_due_checks()
