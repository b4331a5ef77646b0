"""Workspace pages about entries: the register, registering, editing, and the ministry's moves."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts.access import Rule, access
from accounts.models import Ministry
from accounts.roles import memberships_of
from registry import services, workflow
from registry.conversation import conversation
from registry.errors import WorkflowError
from registry.links import InvalidAccountURL, parse_account_url
from registry.models import PUBLIC_STATUSES, Move, SocialAccount
from registry.models.scope import only_agency_staff
from registry.permissions import (
    can_manage_members,
    entries_for,
    get_entry_for_member,
    member_ministry_ids,
)
from registry.workspace.filters import WorkspaceEntryFilter
from registry.workspace.forms.entries import ConfirmForm, ContactForm, EntryForm, MoveForm
from registry.workspace.views.common import (
    expectation,
    identity_label,
    latest_request,
    next_step,
)

PAGE_SIZE = 25
MEMBER_MOVES = {
    Move.WITHDRAW: gettext_lazy("Withdraw"),
    Move.CLOSE: gettext_lazy("Close the account"),
    Move.REOPEN: gettext_lazy("Reopen"),
    Move.WRITE: gettext_lazy("Write to the central unit"),
}


@access(Rule.MEMBER)
def home(request):
    base = entries_for(request.user).with_related().order_by("display_name", "id")
    filters = WorkspaceEntryFilter(request.GET or None, queryset=base, request=request)
    page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    admin_of = [
        m
        for m in Ministry.objects.filter(pk__in=member_ministry_ids(request.user))
        if can_manage_members(request.user, m.pk)
    ]
    return render(
        request,
        "registry/workspace/entry_list.html",
        {
            "filter": filters,
            "page": page,
            "admin_of": admin_of,
            # Staff of an agency see the entries their agency manages, not a ministry's register.
            "agency_staff": only_agency_staff(memberships_of(request.user)),
            "rows": [(entry, expectation(entry)) for entry in page],
        },
    )


@access(Rule.MEMBER)
def entry(request, pk: int):
    found = get_entry_for_member(request.user, pk)
    moves = [m for m in workflow.allowed_moves(found, request.user) if m in MEMBER_MOVES]
    return render(
        request,
        "registry/workspace/entry_detail.html",
        {
            "entry": found,
            "next_step": next_step(found),
            "identity": identity_label(found.platform, found.handle),
            "editable": bool(services.editable_fields(found)),
            "can_confirm": workflow.can(request.user, found, Move.CONFIRM),
            "moves": [(f"workspace:entry-{m.value}", MEMBER_MOVES[m]) for m in moves],
            "request_event": latest_request(found),
            "conversation": conversation(found),
            "is_public": found.status in PUBLIC_STATUSES,
            "events": found.events.select_related("actor").order_by("-created_at", "-id"),
            "changes": found.changes.select_related("actor").order_by("-created_at", "-id"),
        },
    )


def _detected(form) -> str:
    """The identity the parser reads from the link typed so far, said back to the person."""
    text = form.data.get("link") if form.is_bound else None
    if not text:
        return ""
    try:
        ref = parse_account_url(text)
    except InvalidAccountURL:
        return ""
    return identity_label(ref.platform, ref.handle)


def _save(request, form, entry: SocialAccount | None) -> SocialAccount:
    submitting = request.POST.get("action") == "submit"
    return services.save_entry(
        entry,
        by=request.user,
        data=form.entry_data(),
        version=form.cleaned_data["version"] if entry is not None else None,
        submit=submitting,
        checklist=form.checklist_answers() if submitting else None,
        message=form.reply_text,
    )


def _handle_entry_form(request, form, entry: SocialAccount | None):
    """The POST of the register and edit forms: None when the form must be shown again."""
    action = request.POST.get("action")
    if action == "check":
        # "Check the link" says what was found, not the errors of fields not filled in yet.
        form.is_valid()
        for name in [name for name in form.errors if name != "link"]:
            del form.errors[name]
        return None
    if not form.is_valid():
        return None
    if action == "submit" and not form.require_every_answer():
        return None
    try:
        saved = _save(request, form, entry)
    except WorkflowError as exc:
        form.add_error(None, str(exc))
        return None
    if action == "submit":
        messages.success(request, _("Submitted: the central unit will review it."))
    else:
        messages.success(request, _("Saved as a draft."))
    return redirect("workspace:entry", pk=saved.pk)


@access(Rule.MEMBER)
@require_http_methods(["GET", "POST"])
def entry_create(request):
    form = EntryForm(request.POST or None, user=request.user, instance=SocialAccount())
    if request.method == "POST" and (done := _handle_entry_form(request, form, None)):
        return done
    return _render_entry_form(request, form, None)


def _render_entry_form(request, form, entry):
    return render(
        request,
        "registry/workspace/entry_form.html",
        {
            "form": form,
            "entry": entry,
            "detected": _detected(form),
            "identity": identity_label(entry.platform, entry.handle) if entry else "",
            "request_event": latest_request(entry) if entry else None,
        },
    )


@access(Rule.MEMBER)
@require_http_methods(["GET", "POST"])
def entry_edit(request, pk: int):
    found = get_entry_for_member(request.user, pk)
    if not services.editable_fields(found):
        messages.error(
            request,
            _("An entry whose status is “%(status)s” cannot be edited.")
            % {"status": found.get_status_display()},
        )
        return redirect("workspace:entry", pk=found.pk)
    if found.status in services.CONTACT_STATUSES:
        return _edit_contact(request, found)
    form = EntryForm(
        request.POST or None,
        user=request.user,
        instance=found,
        identity_editable=found.submitted_at is None,
    )
    form.fields["version"].required = True
    if request.method == "POST" and (done := _handle_entry_form(request, form, found)):
        return done
    return _render_entry_form(request, form, found)


def _edit_contact(request, found: SocialAccount):
    form = ContactForm(request.POST or None, user=request.user, instance=found)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_entry(
                found, by=request.user, data=form.entry_data(), version=form.cleaned_data["version"]
            )
        except WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("Contact data updated; the central unit sees what changed.")
            )
            return redirect("workspace:entry", pk=found.pk)
    return render(request, "registry/workspace/contact_form.html", {"form": form, "entry": found})


@access(Rule.MEMBER)
@require_http_methods(["GET", "POST"])
def entry_move(request, pk: int, move: str):
    found = get_entry_for_member(request.user, pk)
    move = Move(move)
    why = workflow.refusal(found, move, request.user)
    if why:
        messages.error(request, why)
        return redirect("workspace:entry", pk=found.pk)
    form = MoveForm(
        request.POST or None,
        entry=found,
        message_required=workflow.TRANSITIONS[move].needs_message,
        publishable=move == Move.CLOSE,
        words_only=workflow.TRANSITIONS[move].words_only,
    )
    if request.method == "POST" and form.is_valid():
        try:
            workflow.apply(
                found,
                move,
                by=request.user,
                version=form.cleaned_data["version"],
                message=form.cleaned_data["message"],
                public_message=form.publishes_reason(),
            )
        except WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Done: %(move)s.") % {"move": move.label})
            return redirect("workspace:entry", pk=found.pk)
    return render(
        request,
        "registry/workspace/entry_move.html",
        {"form": form, "entry": found, "move": move, "title": MEMBER_MOVES[move]},
    )


@access(Rule.MEMBER)
@require_http_methods(["GET", "POST"])
def entry_confirm(request, pk: int):
    found = get_entry_for_member(request.user, pk)
    why = workflow.refusal(found, Move.CONFIRM, request.user)
    if why:
        messages.error(request, why)
        return redirect("workspace:entry", pk=found.pk)
    form = ConfirmForm(request.POST or None, entry=found)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.confirm(
                found,
                by=request.user,
                version=form.cleaned_data["version"],
                checklist=form.checklist_answers(),
            )
        except WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Confirmed: the central unit will re-certify the entry."))
            return redirect("workspace:entry", pk=found.pk)
    return render(request, "registry/workspace/entry_confirm.html", {"form": form, "entry": found})
