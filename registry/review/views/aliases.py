"""The central unit's one-click decisions on an entry's aliases (registry.aliases)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import Rule, access
from registry.aliases import AliasError, accept_alias, refuse_alias
from registry.models import EntryAlias
from registry.permissions import is_conflicted


@require_POST
@access(Rule.REVIEWER)
def alias_accept(request, pk: int):
    return _decide(request, pk, accept_alias, _("Alias accepted: %(alias)s."))


@require_POST
@access(Rule.REVIEWER)
def alias_refuse(request, pk: int):
    return _decide(request, pk, refuse_alias, _("Alias refused: %(alias)s."))


def _decide(request, pk: int, decide, done: str):
    alias = get_object_or_404(EntryAlias.objects.select_related("entry__service"), pk=pk)
    try:
        decide(alias, by=request.user)
    except AliasError as exc:
        if is_conflicted(request.user, alias.entry):
            raise PermissionDenied(str(exc)) from exc
        messages.error(request, str(exc))
    else:
        messages.success(request, done % {"alias": alias.url})
    return redirect("review:entry", pk=alias.entry_id)
