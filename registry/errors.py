"""Errors of the register whose message is fit to show the person who caused them."""


class WorkflowError(Exception):
    """A move that may not be made now."""


class StaleEntry(WorkflowError):
    """The entry changed since the person loaded it."""
