"""The register form, the contact-data form of a verified entry, and the move forms."""

import re

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import ExternalAgency, Service
from accounts.roles import memberships_of
from accounts.text import multi_line, single_line
from registry.links import InvalidAccountURL, parse_account_url
from registry.models import Answer, ChecklistItem, SocialAccount
from registry.models.scope import agencies_served
from registry.permissions import can_edit, member_ministry_ids
from registry.services import CONTACT_FIELDS, DETAIL_FIELDS, duplicate_message, live_holder

WEBMAIL_DOMAINS = {
    "gmail.com",
    "googlemail.com",
    "outlook.com",
    "hotmail.com",
    "live.com",
    "msn.com",
    "yahoo.com",
    "yahoo.fr",
    "yahoo.de",
    "gmx.de",
    "gmx.net",
    "gmx.com",
    "gmx.lu",
    "web.de",
    "icloud.com",
    "me.com",
    "proton.me",
    "protonmail.com",
    "pt.lu",
    "orange.fr",
    "free.fr",
}
# firstname.lastname@, firstname-lastname@, f.lastname@: a person, not a function.
_PERSON_LOCAL_PART = re.compile(r"^[a-z]+[._-][a-z]+$")
_FUNCTION_WORDS = {
    "info",
    "press",
    "presse",
    "communication",
    "comm",
    "contact",
    "social",
    "media",
    "medias",
    "web",
    "service",
    "secretariat",
    "team",
    "socialmedia",
}


def personal_email_warning(email: str) -> str:
    """A warning (not an error) when the address looks like a person's or a webmail box."""
    local, _sep, domain = (email or "").lower().rpartition("@")
    if not local:
        return ""
    words = set(re.split(r"[._-]", local))
    looks_personal = domain in WEBMAIL_DOMAINS or (
        _PERSON_LOCAL_PART.match(local) and not words & _FUNCTION_WORDS
    )
    if not looks_personal:
        return ""
    return gettext(
        "This address looks like a person's mailbox. The guide asks for a functional mailbox of "
        "the service on a government domain, so that the account does not depend on one person."
    )


class ChecklistMixin:
    """The guide's self-assessment: one answer and one note per item the ministry answers."""

    def add_checklist_fields(self, saved: dict) -> None:
        self.checklist_items = list(ChecklistItem.objects.for_ministry())
        for item in self.checklist_items:
            previous = saved.get(item.code) or {}
            self.fields[f"answer_{item.code}"] = forms.ChoiceField(
                label=item.label,
                help_text=item.help,
                required=False,
                choices=Answer.choices,
                widget=forms.RadioSelect,
                initial=previous.get("answer"),
            )
            self.fields[f"note_{item.code}"] = forms.CharField(
                label=_("Note"),
                required=False,
                max_length=2000,
                validators=[single_line],
                initial=previous.get("note", ""),
            )

    def checklist_rows(self) -> list[tuple]:
        return [
            (item, self[f"answer_{item.code}"], self[f"note_{item.code}"])
            for item in self.checklist_items
        ]

    def checklist_answers(self) -> list[dict]:
        """The answers in the shape the workflow takes: [{"code", "answer", "note"}]."""
        return [
            {
                "code": item.code,
                "answer": self.cleaned_data.get(f"answer_{item.code}"),
                "note": self.cleaned_data.get(f"note_{item.code}", ""),
            }
            for item in self.checklist_items
            if self.cleaned_data.get(f"answer_{item.code}")
        ]

    def require_every_answer(self) -> bool:
        """Add an error to each unanswered item; True when every item is answered."""
        for item in self.checklist_items:
            if not self.cleaned_data.get(f"answer_{item.code}"):
                self.add_error(f"answer_{item.code}", gettext("Answer this question."))
        return not self.errors


def self_assessment_of(answers: list[dict]) -> dict:
    return {a["code"]: {"answer": a["answer"], "note": a["note"]} for a in answers}


class TeamEmailWarningMixin:
    """The guide's warning when the managing team's address looks like a person's."""

    @property
    def email_warning(self) -> str:
        return personal_email_warning(
            self.data.get("team_email", "") if self.is_bound else self.instance.team_email
        )


class EntryForm(TeamEmailWarningMixin, ChecklistMixin, forms.ModelForm):
    """Register an account, or edit a draft or an entry sent back by the central unit."""

    link = forms.CharField(
        label=_("Link to the account"),
        max_length=2048,
        validators=[single_line],
        help_text=_("Paste the address of the account's page, e.g. https://x.com/gouvlu."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = SocialAccount
        fields = [*DETAIL_FIELDS, *CONTACT_FIELDS]  # what services.py stores, in one list
        widgets = {
            "campaign_end": forms.DateInput(attrs={"type": "date"}),
            "purpose": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "minister_mode": _("Only for a minister's account."),
            "campaign_end": _("Only for a campaign account."),
        }

    def __init__(self, *args, user, identity_editable: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.account_ref = None
        if not identity_editable:
            del self.fields["link"]
        elif self.instance.pk:
            self.fields["link"].initial = self.instance.url
        self.fields["version"].initial = self.instance.version if self.instance.pk else None
        limit_service_and_agency(self, user)
        self.add_checklist_fields(self.instance.self_assessment or {})
        if self.instance.status == SocialAccount.Status.CHANGES_REQUESTED:
            self.fields["reply"] = forms.CharField(
                label=_("Your answer to the central unit"),
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text=_(
                    "Optional: say what you changed, or why something stays as it is. "
                    "It is sent with the entry when you submit it."
                ),
            )

    @property
    def reply_text(self) -> str:
        return self.cleaned_data.get("reply", "") if "reply" in self.fields else ""

    def clean_link(self):
        try:
            ref = parse_account_url(self.cleaned_data["link"])
        except InvalidAccountURL as exc:
            raise forms.ValidationError(exc.render(gettext)) from None
        holder = live_holder(ref.platform, ref.handle, exclude_pk=self.instance.pk)
        if holder is not None:
            raise forms.ValidationError(duplicate_message(holder))
        self.account_ref = ref
        return ref.url

    def clean(self):
        cleaned = super().clean()
        check_agency_scope(self, cleaned)
        return cleaned

    def entry_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        if self.account_ref is not None:
            data |= {
                "platform": self.account_ref.platform,
                "handle": self.account_ref.handle,
                "url": self.account_ref.url,
            }
        data["self_assessment"] = self_assessment_of(self.checklist_answers())
        return data


class ContactForm(TeamEmailWarningMixin, forms.ModelForm):
    """A verified entry's contact data: changeable at any time, every change recorded."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = SocialAccount
        fields = list(CONTACT_FIELDS)
        widgets = {"purpose": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["version"].initial = self.instance.version
        limit_service_and_agency(self, user)

    def clean(self):
        cleaned = super().clean()
        cleaned["service"] = self.instance.service
        check_agency_scope(self, cleaned)
        return cleaned

    def entry_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in CONTACT_FIELDS}


def limit_service_and_agency(form, user) -> None:
    if "service" in form.fields:
        form.fields["service"].queryset = Service.objects.filter(
            ministry_id__in=member_ministry_ids(user)
        ).select_related("ministry")
        form.fields["service"].error_messages["invalid_choice"] = _(
            "Choose a service of your own ministry."
        )
    agencies = agencies_served(memberships_of(user))
    form.only_agency = None
    if agencies is not None:  # agency staff only: the entry is managed by their agency
        field = form.fields["agency"]
        field.queryset = ExternalAgency.objects.filter(pk__in=agencies)
        field.required = True
        if len(agencies) == 1:  # nothing to choose: their one agency, said, not asked
            form.only_agency = field.queryset.get()
            field.disabled, field.widget = True, forms.HiddenInput()
            form.initial["agency"] = form.only_agency.pk


def check_agency_scope(form, cleaned: dict) -> None:
    """Who saves an entry must be able to edit it (an agency: only its own entries)."""
    service = cleaned.get("service")
    if service is None or "agency" not in cleaned:
        return
    probe = SocialAccount(service=service, agency=cleaned.get("agency"))
    if not can_edit(form.user, probe):
        form.add_error(
            "agency",
            gettext(
                "You could not see or edit this entry afterwards: choose the agency you work for."
            ),
        )


class ConfirmForm(ChecklistMixin, forms.Form):
    """Re-certification: the ministry confirms the entry and re-answers the checklist."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, entry: SocialAccount, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = entry.version
        self.add_checklist_fields(entry.self_assessment or {})

    def clean(self):
        cleaned = super().clean()
        self.require_every_answer()
        return cleaned


class MoveForm(forms.Form):
    """Withdraw, close or reopen: a message (required where the workflow needs one)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    message = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        validators=[multi_line],
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self,
        *args,
        entry: SocialAccount,
        message_required: bool,
        publishable: bool,
        words_only: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = entry.version
        self.fields["message"].required = message_required
        if words_only:  # a message, not a reason for a move
            self.fields["message"].label = _("Your message")
            self.fields["message"].widget.attrs["rows"] = 6
        if publishable:  # closing: the reason is public only if the ministry says so
            self.fields["public_message"] = forms.BooleanField(
                label=_("Show this reason on the registry's public page"),
                required=False,
                help_text=_(
                    "Citizens read it beside the closing date. Leave it unticked for a reason "
                    "meant for the central unit only."
                ),
            )

    def publishes_reason(self) -> bool:
        return bool(self.cleaned_data.get("public_message"))
