"""Forms of the review pages: they check shape only; the workflow decides what is allowed."""

from typing import NamedTuple

from django import forms
from django.conf import settings
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _

from accounts.text import multi_line, single_line
from registry.models import Answer, Move, Reason, Report, SocialAccount
from registry.notices import interface_languages, written
from registry.review.filters import reviewers

# The message prefilled for each reason; the reviewer edits it, and what is sent is what is kept.
DEFAULT_MESSAGES = {
    Reason.PROFESSIONAL_USE: _("The account must be used for professional purposes only."),
    Reason.OWNER_SERVICE: _("Please name the service that owns the account, as agreed."),
    Reason.MANAGERS_IDENTIFIED: _("Please name the team that manages the account."),
    Reason.AGENCY_DECLARED: _("Please declare the external agency that manages the account."),
    Reason.EDITORIAL_CHARTER: _("Please adopt an editorial charter for the account."),
    Reason.CHARTER_PUBLISHED: _("Please publish the account's rules of use on its profile."),
    Reason.LANGUAGES: _("Please declare the languages the account publishes in."),
    Reason.NEUTRALITY: _("Some content is not neutral, as the guide requires."),
    Reason.NO_ELECTORAL_USE: _("The account has been used for electoral or partisan content."),
    Reason.MINISTER_MODE: _("The profile of a minister's account must say who runs it."),
    Reason.PROFILE_OFFICIAL: _("The profile must say that this is an official account."),
    Reason.VISUAL_IDENTITY: _("The profile does not follow the government's visual identity."),
    Reason.FUNCTIONAL_EMAIL: _("The account must be registered with a functional mailbox."),
    Reason.ACCESS_CONTROL: _("Please secure access to the account (two-factor, shared vault)."),
    Reason.ACCESSIBLE_POSTS: _("Posts must be accessible (image descriptions, captions)."),
    Reason.CONTROL_PROVEN: _(
        "We could not see the proof-of-control code on the account. Put it in the profile text "
        "or pin a post with it, then submit again."
    ),
    Reason.ACTIVE: _("The account is not active."),
    Reason.DUPLICATE: _("This account is already registered."),
    Reason.NOT_OFFICIAL: _("This account is not an account of a State service."),
    Reason.WRONG_OWNER: _("The owning service given is not the right one."),
    Reason.COMPROMISED: _("The account appears to be compromised."),
    Reason.OTHER: "",
}

DECISIONS = [
    (Move.VERIFY, _("Verify")),
    (Move.REQUEST_CHANGES, _("Request changes")),
    (Move.REJECT, _("Reject")),
]
ACTIONS = [
    Move.ASSIGN,
    Move.UNASSIGN,
    Move.SUSPEND,
    Move.REINSTATE,
    Move.CLOSE,
    Move.ACKNOWLEDGE,
    Move.RECERTIFY,
    Move.ACCEPT_HANDLE,
    Move.WATCH_HANDLED,
    Move.ANSWER,
]
# What each action's button says (the moves' own labels name the recorded event instead).
ACTION_LABELS = {
    Move.ASSIGN: _("Assign"),
    Move.UNASSIGN: _("Hand back"),
    Move.SUSPEND: _("Suspend"),
    Move.REINSTATE: _("Reinstate"),
    Move.CLOSE: _("Close"),
    Move.ACKNOWLEDGE: _("Mark the changes as reviewed"),
    Move.RECERTIFY: _("Accept the re-certification"),
    Move.ACCEPT_HANDLE: _("Accept the new handle"),
    Move.WATCH_HANDLED: _("Mark the watch's finding as handled"),
    Move.ANSWER: _("Write to the ministry"),
}


class ChecklistRow(NamedTuple):
    """One checklist item on the decision form: whose answer it shows (`own`: the reviewer's)."""

    item: object
    answer: forms.BoundField
    note: forms.BoundField
    ministry: str  # the ministry's answer, as a label ("" when it gave none)
    own: bool


def default_message(reason: str) -> str:
    return str(DEFAULT_MESSAGES.get(reason, ""))


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[("", "—"), *Reason.choices],
        required=False,
        help_text=_("Needed to request changes or reject."),
    )
    message = forms.CharField(
        label=_("Message to the ministry"),
        widget=forms.Textarea,
        required=False,
        max_length=5000,
        validators=[multi_line],
        help_text=_("Needed to request changes or reject; sent as written, and kept."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, items=(), ministry_answers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        self.ministry_answers = ministry_answers or {}
        for item in self.items:
            self.fields[f"answer_{item.code}"] = forms.ChoiceField(
                label=item.label,
                help_text=item.help,
                choices=Answer.choices,
                widget=forms.RadioSelect,
                required=False,
            )
            self.fields[f"note_{item.code}"] = forms.CharField(
                label=_("Note"), required=False, max_length=2000, validators=[single_line]
            )

    def checklist_rows(self) -> list[ChecklistRow]:
        rows = []
        for item in self.items:
            answer = self[f"answer_{item.code}"]
            theirs = (self.ministry_answers.get(item.code) or {}).get("answer", "")
            ours = answer.value() or ""
            rows.append(
                ChecklistRow(
                    item,
                    answer,
                    self[f"note_{item.code}"],
                    ministry=Answer(theirs).label if theirs in Answer.values else "",
                    own=bool(ours) and ours != theirs,
                )
            )
        return rows

    def checklist(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {
                "code": item.code,
                "answer": data[f"answer_{item.code}"],
                "note": data[f"note_{item.code}"],
            }
            for item in self.items
            if data.get(f"answer_{item.code}")
        ]


class ActionForm(forms.Form):
    move = forms.ChoiceField(
        choices=[(m.value, m.label) for m in ACTIONS], widget=forms.HiddenInput
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.ChoiceField(
        label=_("Reason"), choices=[("", "—"), *Reason.choices], required=False
    )
    message = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
        validators=[multi_line],
    )
    assignee = forms.ModelChoiceField(label=_("Reviewer"), queryset=reviewers(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = (get_language() or settings.LANGUAGE_CODE)[:2]
        for code in interface_languages():
            if code != current:  # `message` is in the page's language
                self.fields[f"notice_{code}"] = forms.CharField(
                    label=_("The public notice in %(language)s (optional)")
                    % {"language": get_language_info(code)["name_translated"]},
                    widget=forms.Textarea(attrs={"rows": 2, "lang": code}),
                    required=False,
                    max_length=5000,
                    validators=[multi_line],
                )

    def notice_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("notice_")]

    def notices(self) -> dict[str, str]:
        """A suspension's public notice in each language it was written in (registry/notices)."""
        data = self.cleaned_data
        given = {
            name.removeprefix("notice_"): data[name] for name in data if name.startswith("notice_")
        }
        standard = DEFAULT_MESSAGES.get(data["reason"]) or None
        return written(data["message"], translations=given, standard=standard)


class ReportForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Outcome"),
        widget=forms.RadioSelect,
        choices=[(Report.Status.HANDLED, _("Handled")), (Report.Status.DISMISSED, _("Dismissed"))],
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea, max_length=2000, validators=[multi_line]
    )
    entry = forms.IntegerField(label=_("Matching entry (number)"), required=False, min_value=1)
    reply = forms.CharField(
        label=_("Reply to the person who reported it"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        validators=[multi_line],
        help_text=_(
            "Optional. Sent by e-mail with the outcome and a link to the registry's answer "
            "for this link, if they left an address; the note above stays internal."
        ),
    )


class BulkAssignForm(forms.Form):
    """Several entries of the queue, one reviewer; each entry's version comes as `version_<pk>`."""

    entries = forms.ModelMultipleChoiceField(
        label=_("Entries"),
        queryset=SocialAccount.objects.all(),
        error_messages={"required": _("Tick at least one entry.")},
    )
    assignee = forms.ModelChoiceField(
        label=_("Assign the ticked entries to"),
        queryset=reviewers(),
        error_messages={"required": _("Choose a reviewer.")},
    )

    def versions(self) -> dict[int, int]:
        found = {}
        for entry in self.cleaned_data["entries"]:
            raw = self.data.get(f"version_{entry.pk}", "")
            if raw.isdigit():
                found[entry.pk] = int(raw)
        return found
