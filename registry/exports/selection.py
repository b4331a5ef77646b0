"""Which accounts an open-data file holds: all public ones, or those of one ministry, one
platform, some statuses (`?ministry=…&platform=…&status=…`, the directory's filters).

A parameter that is not valid is refused with a 400 naming it, in the API's error shape: a
typo must not silently give the whole register as if it were the selection asked for.
"""

from django import forms
from django.http import JsonResponse, QueryDict
from django.utils.translation import gettext_lazy as _

from accounts.models import Ministry
from registry.models import CURRENT_STATUSES, PUBLIC_STATUSES, Platform, SocialAccount
from registry.web.problems import PROBLEM_JSON, problem

PARAMETERS = ("ministry", "platform", "status")


class SelectionForm(forms.Form):
    ministry = forms.SlugField(required=False, max_length=100)
    platform = forms.ChoiceField(choices=Platform.choices, required=False)
    status = forms.MultipleChoiceField(
        choices=[(status.value, status.label) for status in PUBLIC_STATUSES], required=False
    )

    def clean_ministry(self) -> str:
        slug = self.cleaned_data["ministry"]
        if slug and not Ministry.objects.filter(slug=slug).exists():
            raise forms.ValidationError(_("No ministry has this slug."), code="unknown")
        return slug


class InvalidSelection(Exception):
    def __init__(self, fields: dict[str, list[str]]):
        super().__init__(fields)
        self.fields = fields


def selected(request) -> dict:
    """The cleaned selection of `request`'s query; raises InvalidSelection."""
    unknown = sorted(set(request.GET) - set(PARAMETERS))
    if unknown:
        message = _("Unknown parameter. Use ministry, platform or status.")
        raise InvalidSelection({name: [str(message)] for name in unknown})
    form = SelectionForm(request.GET)
    if not form.is_valid():
        raise InvalidSelection({name: list(errors) for name, errors in form.errors.items()})
    return form.cleaned_data


def selected_entries(selection: dict):
    """The public entries of the selection, with what a row needs, in id order."""
    entries = SocialAccount.objects.public().with_related().order_by("pk")
    if selection.get("ministry"):
        entries = entries.filter(service__ministry__slug=selection["ministry"])
    if selection.get("platform"):
        entries = entries.filter(platform=selection["platform"])
    if selection.get("status"):
        entries = entries.filter(status__in=selection["status"])
    return entries


def refusal(error: InvalidSelection) -> JsonResponse:
    message = str(_("A query parameter is not valid."))
    body = problem(400, "invalid_query", message, fields=error.fields)
    return JsonResponse(
        body, status=400, content_type=PROBLEM_JSON, json_dumps_params={"ensure_ascii": False}
    )


def selection_query(filter_data: dict) -> str:
    """The open-data query for the directory's cleaned filters, its `state` read as statuses
    (its other filters, a search or a service, have no open-data equivalent)."""
    query = QueryDict(mutable=True)
    for name in ("ministry", "platform"):
        if filter_data.get(name):
            query[name] = filter_data[name]
    state = filter_data.get("state") or "current"
    statuses = {"current": list(CURRENT_STATUSES), "all": []}.get(state, [state])
    query.setlist("status", [str(status) for status in statuses])
    return query.urlencode()
