"""A ministry admin's pages: the ministry's members, invitations, roles, removals;
and the invitation link a new member follows to choose a password."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.access import Rule, access
from accounts.invitations import (
    MembershipError,
    change_role,
    invitation_tokens,
    invite_member,
    remove_member,
)
from accounts.models import Membership, MembershipEvent, Ministry, User
from registry import structured_data
from registry.permissions import can_manage_members, member_ministry_ids
from registry.workspace.forms.members import InviteForm, RoleForm


def _ministry_for_admin(user, slug: str) -> Ministry:
    """404 outside the user's ministries; 403 for a member who is not its administrator."""
    ministry = get_object_or_404(
        Ministry.objects.filter(pk__in=member_ministry_ids(user)), slug=slug
    )
    if not can_manage_members(user, ministry.pk):
        raise PermissionDenied(_("Only the ministry's administrators manage its members."))
    return ministry


def _membership(ministry: Ministry, pk: int) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("user", "ministry"), pk=pk, ministry=ministry
    )


@access(Rule.MEMBER)
@require_http_methods(["GET", "POST"])
def members(request, slug: str):
    ministry = _ministry_for_admin(request.user, slug)
    form = InviteForm(request.POST or None, ministry=ministry)
    if request.method == "POST" and form.is_valid():
        try:
            invite_member(by=request.user, ministry=ministry, **form.cleaned_data)
        except MembershipError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % form.cleaned_data)
            return redirect("workspace:members", slug=ministry.slug)
    memberships = ministry.memberships.select_related("user", "agency").order_by("user__full_name")
    events = MembershipEvent.objects.filter(ministry=ministry).select_related("actor", "user")[:50]
    return render(
        request,
        "registry/workspace/member_list.html",
        {
            "ministry": ministry,
            "form": form,
            "events": events,
            "json_ld": structured_data.as_text(structured_data.ministry_data(ministry)),
            "rows": [
                (m, RoleForm(initial={"role": m.role}, prefix=f"m{m.pk}")) for m in memberships
            ],
        },
    )


@access(Rule.MEMBER)
@require_http_methods(["GET", "POST"])
def member_role(request, slug: str, pk: int):
    # Scope first, then the method: another ministry's id answers 404 whatever the method.
    ministry = _ministry_for_admin(request.user, slug)
    membership = _membership(ministry, pk)
    if request.method != "POST":
        return redirect("workspace:members", slug=ministry.slug)
    form = RoleForm(request.POST, prefix=f"m{membership.pk}")
    if not form.is_valid():
        messages.error(request, _("Choose a role."))
        return redirect("workspace:members", slug=ministry.slug)
    role = form.cleaned_data["role"]
    demoting_self = _is_self(request, membership) and role != Membership.Role.MINISTRY_ADMIN
    if demoting_self and membership.role != role and not request.POST.get("confirm"):
        return render(
            request,
            "registry/workspace/member_confirm_self.html",
            {"ministry": ministry, "membership": membership, "form": form, "role": role},
        )
    try:
        change_role(by=request.user, membership=membership, role=role)
    except MembershipError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Role of %(name)s saved.") % {"name": membership.user})
        if demoting_self:
            return redirect("workspace:home")
    return redirect("workspace:members", slug=ministry.slug)


def _is_self(request, membership: Membership) -> bool:
    return membership.user_id == request.user.pk


@access(Rule.MEMBER)
@require_http_methods(["GET", "POST"])
def member_remove(request, slug: str, pk: int):
    ministry = _ministry_for_admin(request.user, slug)
    membership = _membership(ministry, pk)
    removing_self = _is_self(request, membership)
    # Removing oneself needs the confirmation page's own field: no one leaves by a stray POST.
    if request.method == "POST" and (request.POST.get("confirm") or not removing_self):
        try:
            remove_member(by=request.user, membership=membership)
        except MembershipError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, _("%(name)s is no longer a member.") % {"name": membership.user}
            )
            if removing_self:
                return redirect("accounts:home")
        return redirect("workspace:members", slug=ministry.slug)
    return render(
        request,
        "registry/workspace/member_remove.html",
        {"ministry": ministry, "membership": membership, "removing_self": removing_self},
    )


def _invited_user(uidb64: str, token: str) -> User | None:
    try:
        user = User.objects.get(pk=int(force_str(urlsafe_base64_decode(uidb64))))
    except (TypeError, ValueError, OverflowError, User.DoesNotExist):
        return None
    return user if invitation_tokens.check_token(user, token) else None


@access(Rule.PUBLIC)
@require_http_methods(["GET", "POST"])
def invitation(request, uidb64: str, token: str):
    """One-time: once the password is set, the token no longer matches; it expires after 7 days."""
    user = _invited_user(uidb64, token)
    if user is None or not user.is_active:
        return render(request, "registry/workspace/invitation_invalid.html", status=400)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome: your password is set."))
        return redirect("workspace:home")
    return render(
        request, "registry/workspace/invitation_accept.html", {"form": form, "invitee": user}
    )
