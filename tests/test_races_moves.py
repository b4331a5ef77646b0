"""Races: two people acting on one entry at the same moment, each on their own database connection.

Whoever takes the row lock first wins; the other is refused with a message (the entry changed, or
the move no longer applies). Nothing is lost: the entry's status matches its history, and the
history holds exactly one new event, the winner's.
"""

import threading

import pytest
from django.db import connection

from registry import workflow
from registry.errors import StaleEntry, WorkflowError
from registry.models import Move, Reason, SocialAccount, Status
from tests.conftest import answers_for

# No serialized_rollback: its teardown would leave the groups out for the tests that follow.
pytestmark = pytest.mark.django_db(transaction=True)


def race(*attempts):
    """Run each attempt in its own thread (own connection), released together; results in order."""
    gate = threading.Barrier(len(attempts))
    results: list = [None] * len(attempts)

    def run(index, attempt):
        try:
            gate.wait(timeout=10)
            results[index] = attempt()
        except Exception as exc:  # the refusal is the result we inspect
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def attempt(entry_pk: int, move: Move, *, by, version, **kwargs):
    """A person's move on the entry as they loaded it (a fresh read in the thread)."""
    return lambda: workflow.apply(
        SocialAccount.objects.get(pk=entry_pk), move, by=by, version=version, **kwargs
    )


def one_won(results) -> tuple[object, Exception]:
    events = [r for r in results if not isinstance(r, Exception)]
    refusals = [r for r in results if isinstance(r, Exception)]
    assert len(events) == 1 and len(refusals) == 1, results
    assert isinstance(refusals[0], WorkflowError), repr(refusals[0])
    assert str(refusals[0])  # a message fit to show the person
    return events[0], refusals[0]


def assert_consistent(entry: SocialAccount, events_before: int, winner) -> None:
    entry.refresh_from_db()
    history = list(entry.events.order_by("created_at", "id"))
    assert len(history) == events_before + 1
    assert history[-1].pk == winner.pk
    assert entry.status == history[-1].to_status
    assert entry.version == 2


DECIDE = {
    Move.VERIFY: {"checklist": "reviewer"},
    Move.REQUEST_CHANGES: {"reason": Reason.PROFILE_OFFICIAL, "message": "Lien manquant."},
    Move.REJECT: {"reason": Reason.NOT_OFFICIAL, "message": "Compte privé."},
}


def decision(move: Move) -> dict:
    kwargs = dict(DECIDE[move])
    if kwargs.get("checklist") == "reviewer":
        kwargs["checklist"] = answers_for("reviewer")
    return kwargs


def test_two_reviewers_taking_the_same_entry_at_once_one_gets_it(
    make_entry, reviewer, other_reviewer
):
    entry = make_entry(Status.SUBMITTED)
    results = race(
        attempt(entry.pk, Move.ASSIGN, by=reviewer, version=1),
        attempt(entry.pk, Move.ASSIGN, by=other_reviewer, version=1),
    )
    winner, refusal = one_won(results)
    assert isinstance(refusal, StaleEntry)
    assert_consistent(entry, 1, winner)
    assert entry.assigned_reviewer == winner.actor


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (Move.VERIFY, Move.REQUEST_CHANGES),
        (Move.VERIFY, Move.REJECT),
        (Move.REQUEST_CHANGES, Move.REJECT),
        (Move.VERIFY, Move.VERIFY),
    ],
)
def test_two_decisions_on_the_same_version_record_only_one(make_entry, reviewer, first, second):
    """The assigned reviewer decides in two tabs at once (or double-clicks)."""
    entry = make_entry(Status.SUBMITTED, assigned_reviewer=reviewer)
    results = race(
        attempt(entry.pk, first, by=reviewer, version=1, **decision(first)),
        attempt(entry.pk, second, by=reviewer, version=1, **decision(second)),
    )
    winner, refusal = one_won(results)
    assert isinstance(refusal, StaleEntry)
    assert_consistent(entry, 1, winner)


def test_a_reviewer_deciding_while_another_takes_the_entry_over(
    make_entry, reviewer, other_reviewer
):
    entry = make_entry(Status.SUBMITTED, assigned_reviewer=reviewer)
    results = race(
        attempt(entry.pk, Move.VERIFY, by=reviewer, version=1, **decision(Move.VERIFY)),
        attempt(entry.pk, Move.ASSIGN, by=other_reviewer, version=1),
    )
    winner, _ = one_won(results)
    assert_consistent(entry, 1, winner)
    if winner.move == Move.VERIFY:
        # a decision closes the review: the entry goes back to unassigned, the event keeps who
        assert entry.status == Status.VERIFIED and entry.assigned_reviewer is None
        assert winner.actor == reviewer
    else:
        assert entry.status == Status.SUBMITTED and entry.assigned_reviewer == other_reviewer


def test_a_ministry_closing_while_a_reviewer_suspends_ends_in_one_state(
    make_entry, editor, reviewer
):
    entry = make_entry(Status.VERIFIED)
    results = race(
        attempt(entry.pk, Move.CLOSE, by=editor, version=1, message="Compte abandonné."),
        attempt(
            entry.pk,
            Move.SUSPEND,
            by=reviewer,
            version=1,
            reason=Reason.COMPROMISED,
            message="Compte piraté.",
        ),
    )
    winner, refusal = one_won(results)
    assert isinstance(refusal, StaleEntry)
    assert_consistent(entry, 1, winner)
    assert entry.status in (Status.CLOSED, Status.SUSPENDED)
    assert (entry.public_notice == "Compte piraté.") == (entry.status == Status.SUSPENDED)


def test_system_moves_without_a_version_still_refuse_a_move_that_no_longer_applies(
    make_entry, editor, reviewer
):
    """A job passes no version: the status check, made under the lock, refuses the loser."""
    entry = make_entry(Status.VERIFIED)
    results = race(
        attempt(entry.pk, Move.CLOSE, by=editor, version=None, message="Compte abandonné."),
        attempt(entry.pk, Move.CLOSE, by=reviewer, version=None, message="Fermé par l'unité."),
    )
    winner, refusal = one_won(results)
    assert not isinstance(refusal, StaleEntry)
    assert_consistent(entry, 1, winner)
    assert entry.status == Status.CLOSED


def test_an_editor_withdrawing_while_a_reviewer_requests_changes(make_entry, editor, reviewer):
    entry = make_entry(Status.SUBMITTED, assigned_reviewer=reviewer)
    results = race(
        attempt(entry.pk, Move.WITHDRAW, by=editor, version=1),
        attempt(
            entry.pk, Move.REQUEST_CHANGES, by=reviewer, version=1, **decision(Move.REQUEST_CHANGES)
        ),
    )
    winner, _ = one_won(results)
    assert_consistent(entry, 1, winner)


# Nothing is lost when the mail server is down: the move is committed before any e-mail goes.
def test_a_decision_stands_and_returns_when_the_mail_server_is_down(make_entry, reviewer, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    entry = make_entry(Status.SUBMITTED, assigned_reviewer=reviewer)
    event = workflow.verify(entry, by=reviewer, version=1, checklist=answers_for("reviewer"))
    entry.refresh_from_db()
    assert entry.status == Status.VERIFIED
    assert entry.events.last() == event
