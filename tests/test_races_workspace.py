"""Races in the workspace: two editors saving the same entry at once, each on its own connection.

Both loaded version 1. Whoever takes the row lock first wins; the other is refused with the
stale-entry message and nothing of theirs is written: the history holds the winner's change only.
"""

import pytest

from registry import services, workflow
from registry.errors import StaleEntry
from registry.models import EntryChange, Move, SocialAccount, Status
from tests.test_races_moves import race

pytestmark = pytest.mark.django_db(transaction=True)


def save(entry_pk: int, *, by, **data):
    """An editor's save of the form they loaded at version 1 (a fresh read in the thread)."""
    return lambda: services.update_entry(
        SocialAccount.objects.get(pk=entry_pk), by=by, data=data, version=1
    )


def winner_and_refusal(results):
    saved = [r for r in results if isinstance(r, SocialAccount)]
    refused = [r for r in results if isinstance(r, Exception)]
    assert len(saved) == 1 and len(refused) == 1, results
    assert isinstance(refused[0], StaleEntry), repr(refused[0])
    return saved[0], refused[0]


@pytest.mark.parametrize(
    ("status", "field", "values"),
    [
        (Status.DRAFT, "display_name", ("Nom d'Alice", "Nom de Dora")),
        (Status.VERIFIED, "team_name", ("Équipe d'Alice", "Équipe de Dora")),
    ],
)
def test_two_editors_saving_at_once_one_wins_and_the_other_is_told(
    make_entry, editor, ministry_admin, status, field, values
):
    entry = make_entry(status)
    mine, theirs = values
    results = race(
        save(entry.pk, by=editor, **{field: mine}),
        save(entry.pk, by=ministry_admin, **{field: theirs}),
    )
    saved, refusal = winner_and_refusal(results)
    winner = editor if getattr(saved, field) == mine else ministry_admin
    assert winner.full_name in str(refusal)  # says who changed it, so the other can look
    entry.refresh_from_db()
    assert entry.version == 2
    assert getattr(entry, field) == getattr(saved, field)
    history = list(EntryChange.objects.filter(entry=entry))
    assert [(c.actor, c.changes[field][1]) for c in history] == [(winner, getattr(entry, field))]


def test_a_save_and_a_withdrawal_at_once_one_is_refused_and_the_history_holds_the_other(
    make_entry, editor, ministry_admin, reviewer
):
    entry = make_entry(Status.SUBMITTED, assigned_reviewer=reviewer)
    entry.status = Status.CHANGES_REQUESTED  # sent back: the ministry may edit it again
    entry.save(update_fields=["status"])
    results = race(
        save(entry.pk, by=editor, display_name="Corrigé"),
        lambda: workflow.apply(
            SocialAccount.objects.get(pk=entry.pk), Move.WITHDRAW, by=ministry_admin, version=1
        ),
    )
    assert sum(isinstance(r, Exception) for r in results) == 1, results
    entry.refresh_from_db()
    changes = EntryChange.objects.filter(entry=entry).count()
    moves = entry.events.exclude(move="create").count()
    assert changes + moves == 1
    assert entry.version == 2
