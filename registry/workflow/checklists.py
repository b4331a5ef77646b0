"""Checking checklist answers against the items in force, and keeping them as they were."""

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from registry.errors import WorkflowError
from registry.models import Answer, ChecklistItem, Move

PROOF_OF_CONTROL = "CONTROL_PROVEN"


def items_for(who: str) -> Any:
    items = ChecklistItem.objects.all()
    return items.for_reviewer() if who == "reviewer" else items.for_ministry()


def validate_answers(answers: list[dict], *, who: str, move: Move) -> list[dict]:
    """The answers as stored with the decision: each item's code and labels as they are now."""
    items = {item.code: item for item in items_for(who)}
    by_code = {}
    for answer in answers:
        code = answer.get("code")
        if code not in items:
            raise WorkflowError(_("Unknown checklist item: %(code)s.") % {"code": code})
        if answer.get("answer") not in Answer.values:
            raise WorkflowError(
                _("Answer the checklist item “%(item)s”.") % {"item": items[code].label}
            )
        by_code[code] = answer
    _check_complete(items, by_code, who=who, move=move)
    return [_snapshot(items[code], by_code[code]) for code in items if code in by_code]


def _check_complete(items: dict, by_code: dict, *, who: str, move: Move) -> None:
    must_answer_all = move in (Move.VERIFY, Move.SUBMIT, Move.CONFIRM)
    missing = [code for code in items if code not in by_code]
    if must_answer_all and missing:
        raise WorkflowError(
            _("Answer every checklist item; missing: %(items)s.")
            % {"items": labels_of(items, missing)}
        )
    if move == Move.VERIFY:
        failing = [code for code, a in by_code.items() if a["answer"] == Answer.FAILS]
        if failing:
            raise WorkflowError(
                _("An entry that does not meet “%(items)s” cannot be verified: request changes.")
                % {"items": labels_of(items, failing)}
            )
        if PROOF_OF_CONTROL in items and by_code[PROOF_OF_CONTROL]["answer"] != Answer.MEETS:
            raise WorkflowError(
                _("Confirm that you saw the proof-of-control code on the account before verifying.")
            )


def labels_of(items: dict, codes: list[str]) -> str:
    """The rules named as people read them (their label in the active language), never by code."""
    return "”, “".join(items[code].label for code in codes) if codes else ""


def _snapshot(item: ChecklistItem, answer: dict) -> dict:
    return {
        "code": item.code,
        "label": {code: item.label_in(code) for code, _name in settings.LANGUAGES},
        "answer": answer["answer"],
        "note": str(answer.get("note", "") or "").strip()[:2000],
    }
