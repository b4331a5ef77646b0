"""One conversation per entry: the words the central unit and the ministry exchanged, in order.

Every move may carry a message (a request for changes, the ministry's answer when it submits
again, a rejection, a suspension); the conversation is those messages, oldest first, each
said by one side. The review page, the workspace page and the e-mails all read it from here.
"""

from registry.models import Move, ReviewEvent, SocialAccount

# Moves only the ministry makes; a closure may come from either side (see `side_of`).
MINISTRY_MOVES = {
    Move.SUBMIT,
    Move.WITHDRAW,
    Move.REOPEN,
    Move.CONFIRM,
    Move.CREATE,
    Move.IMPORT,
    Move.WRITE,
}
MINISTRY, CENTRAL_UNIT = "ministry", "central"


def side_of(event: ReviewEvent) -> str:
    """Who spoke: the ministry or the central unit."""
    if event.move in MINISTRY_MOVES:
        return MINISTRY
    if event.move == Move.CLOSE and event.actor is not None:
        from registry.permissions import can_edit

        return MINISTRY if can_edit(event.actor, event.entry) else CENTRAL_UNIT
    return CENTRAL_UNIT


def conversation(entry: SocialAccount, *, last: int | None = None) -> list[ReviewEvent]:
    """The entry's messages, oldest first (only the `last` ones when given); each event gets
    `side` ("ministry" or "central")."""
    events = list(
        entry.events.exclude(message="").select_related("actor").order_by("-created_at", "-id")
    )
    if last is not None:
        events = events[:last]
    events.reverse()
    for event in events:
        event.entry = entry
        event.side = side_of(event)
    return events
