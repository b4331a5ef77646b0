"""One entry under review: the facts, the checklist, the decision, the other moves, the history."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import Rule, access
from registry import reviews, workflow
from registry.conversation import conversation
from registry.errors import StaleEntry, WorkflowError
from registry.models import ChecklistItem, Move, SocialAccount
from registry.permissions import is_conflicted
from registry.review.forms import (
    ACTION_LABELS,
    ACTIONS,
    DEFAULT_MESSAGES,
    ActionForm,
    DecisionForm,
    default_message,
)
from registry.review.queries import next_in_queue
from registry.watch import proof as watch_proof
from registry.watch.platforms import adapter_for

DECISION_MOVES = (Move.VERIFY, Move.REQUEST_CHANGES, Move.REJECT)


def _get_entry(pk: int) -> SocialAccount:
    entries = SocialAccount.objects.with_related().select_related("assigned_reviewer")
    return get_object_or_404(entries, pk=pk)


def _decision_form(request, entry: SocialAccount, data=None, params=None) -> DecisionForm:
    """Bound to `data` when deciding; otherwise filled from `params` (the answers so far)."""
    items = ChecklistItem.objects.for_reviewer()
    theirs = entry.self_assessment or {}
    if data is not None:
        return DecisionForm(data, items=items, ministry_answers=theirs)
    params = request.GET if params is None else params
    # The checklist starts from the ministry's self-assessment: the reviewer changes what differs.
    initial = {f"answer_{code}": given.get("answer") for code, given in theirs.items()}
    initial |= params.dict()
    initial.pop("csrfmiddlewaretoken", None)
    if params.get("prefill"):
        initial["message"] = default_message(params.get("reason", ""))
    initial["version"] = entry.version
    return DecisionForm(initial=initial, items=items, ministry_answers=theirs)


def _self_assessment(entry: SocialAccount) -> list[tuple]:
    labels = {item.code: item.label for item in ChecklistItem.objects.all()}
    answers = entry.self_assessment or {}
    return [(code, labels.get(code, code), given) for code, given in answers.items()]


def _render(request, entry, *, form=None, error: str = "", status: int = 200):
    user = request.user
    actions = [m for m in ACTIONS if workflow.can(user, entry, m)]
    context = {
        "entry": entry,
        "form": form or _decision_form(request, entry),
        "decision_refusals": {m: workflow.refusal(entry, m, user) for m in DECISION_MOVES},
        "can_decide": any(workflow.can(user, entry, m) for m in DECISION_MOVES),
        "actions": [
            (
                m,
                ACTION_LABELS[m],
                ActionForm(initial={"version": entry.version}, auto_id=f"id_{m}_%s"),
            )
            for m in actions
        ],
        "can_assign": Move.ASSIGN in actions,
        "conflicted": is_conflicted(user, entry),
        "self_assessment": _self_assessment(entry),
        "default_messages": [(r, m) for r, m in DEFAULT_MESSAGES.items() if m],
        "conversation": conversation(entry),
        "events": entry.events.select_related("actor", "assignee"),
        "changes": entry.changes.select_related("actor"),
        "reports": entry.reports.order_by("-created_at"),
        "next_entry": next_in_queue(user, after=entry),
        "error": error,
        **_watch_context(entry),
    }
    return render(request, "registry/review/entry.html", context, status=status)


def _watch_context(entry: SocialAccount) -> dict:
    from registry.models import WatchState

    adapter = adapter_for(entry.platform)
    return {
        "watched": adapter is not None,
        "permanent_id": adapter is not None and adapter.by_id is not None,
        "confirm_reads": settings.WATCH_CONFIRM_READS,
        "proof": watch_proof.latest_proof(entry),
        "watch_state": WatchState.objects.filter(entry=entry).first(),
        "observations": entry.observations.order_by("-created_at", "-id")[:30],
    }


def _refused(request, entry, exc: WorkflowError) -> int:
    if isinstance(exc, StaleEntry):
        return 409
    return 403 if is_conflicted(request.user, entry) else 400


@access(Rule.REVIEWER)
def entry(request, pk: int):
    return _render(request, _get_entry(pk))


@require_POST
@access(Rule.REVIEWER)
def decide(request, pk: int):
    found = _get_entry(pk)
    if request.POST.get("prefill"):  # "fill in the standard message": nothing is decided yet
        return _render(request, found, form=_decision_form(request, found, params=request.POST))
    form = _decision_form(request, found, data=request.POST)
    if not form.is_valid():
        return _render(request, found, form=form, status=400)
    data = form.cleaned_data
    try:
        reviews.decide(
            found, Move(data["decision"]), by=request.user, version=data["version"],
            reason=data["reason"], message=data["message"], checklist=form.checklist(),
        )  # fmt: skip
    except WorkflowError as exc:
        found.refresh_from_db()
        return _render(
            request, found, form=form, error=str(exc), status=_refused(request, found, exc)
        )
    messages.success(
        request, _("Decision recorded: %(move)s.") % {"move": Move(data["decision"]).label}
    )
    return _after_decision(request, found)


def _after_decision(request, found: SocialAccount):
    """Back to the entry, or on to the next one in the queue when the reviewer asked for it."""
    if request.POST.get("then") == "next":
        following = next_in_queue(request.user, after=found)
        if following is not None:
            return redirect("review:entry", pk=following.pk)
        messages.info(request, _("Nothing else waits for you in the queue."))
        return redirect("review:queue")
    return redirect("review:entry", pk=found.pk)


@require_POST
@access(Rule.REVIEWER)
def watch_check(request, pk: int):
    """Read the account on its platform now: the proof of control, and the permanent id."""
    found = _get_entry(pk)
    reading = watch_proof.read_proof(found)
    if reading is None:
        return _render(request, found, error=_("This platform is not watched."), status=400)
    observation = watch_proof.record_proof(found, reading)
    if observation.kind == observation.Kind.PROOF and observation.code_found:
        messages.success(request, _("The code is in the profile."))
    elif observation.kind == observation.Kind.PROOF:
        messages.warning(request, _("The code is not in the profile."))
    else:
        messages.warning(request, _("The platform could not be read."))
    return redirect("review:entry", pk=found.pk)


@require_POST
@access(Rule.REVIEWER)
def act(request, pk: int):
    found = _get_entry(pk)
    form = ActionForm(request.POST)
    if not form.is_valid():
        return _render(request, found, error=_("This action is not understood."), status=400)
    data = form.cleaned_data
    move = Move(data["move"])
    try:
        workflow.apply(
            found,
            move,
            by=request.user,
            version=data["version"],
            reason=data["reason"],
            message=data["message"],
            assignee=data["assignee"],
            notices=form.notices() if move == Move.SUSPEND else None,
        )
    except WorkflowError as exc:
        found.refresh_from_db()
        return _render(request, found, error=str(exc), status=_refused(request, found, exc))
    messages.success(request, _("Done: %(move)s.") % {"move": move.label})
    return redirect("review:entry", pk=found.pk)
