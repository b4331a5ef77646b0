"""The ministry declares other links to an entry's account (aliases) for the central unit."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.access import Rule, access
from registry.aliases import AliasError, declare_alias
from registry.permissions import get_entry_for_member
from registry.workspace.views.common import identity_label

MAX_LINK = 2048


class AliasForm(forms.Form):
    link = forms.CharField(
        label=gettext_lazy("Another link to the same account"),
        max_length=MAX_LINK,
        help_text=gettext_lazy(
            "For example its YouTube channel id, its old /user/ or /c/ address, or its X user "
            "number (https://x.com/i/user/…). The central unit checks it before it counts."
        ),
        widget=forms.TextInput(attrs={"inputmode": "url", "autocomplete": "off"}),
    )


@access(Rule.MEMBER)
def entry_aliases(request, pk: int):
    entry = get_entry_for_member(request.user, pk)
    form = AliasForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            alias = declare_alias(entry, url=form.cleaned_data["link"], by=request.user)
        except AliasError as exc:
            form.add_error("link", str(exc))
        else:
            messages.success(
                request,
                _("Declared: %(alias)s. The central unit will check it.") % {"alias": alias.url},
            )
            return redirect("workspace:entry-aliases", pk=entry.pk)
    if form.errors:
        status = 400
    context = {
        "entry": entry,
        "identity": identity_label(entry.platform, entry.handle),
        "aliases": entry.aliases.select_related("created_by", "accepted_by"),
        "form": form,
    }
    return render(request, "registry/workspace/entry_aliases.html", context, status=status)
