"""A ministry admin's forms: invite a member, change a role."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.identity import normalise_email
from accounts.models import ExternalAgency, Membership
from accounts.text import single_line


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    full_name = forms.CharField(label=_("Full name"), max_length=150, validators=[single_line])
    role = forms.ChoiceField(
        label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.EDITOR
    )
    agency = forms.ModelChoiceField(
        label=_("External agency"),
        queryset=ExternalAgency.objects.all(),
        required=False,
        help_text=_(
            "Only for an agency's staff: they will see only the entries their agency manages."
        ),
    )

    def __init__(self, *args, ministry, **kwargs):
        super().__init__(*args, **kwargs)
        self.ministry = ministry

    def clean_email(self):
        email = normalise_email(self.cleaned_data["email"])
        if Membership.objects.filter(ministry=self.ministry, user__email=email).exists():
            raise forms.ValidationError(_("This person is already a member of this ministry."))
        return email

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("agency") and cleaned.get("role") == Membership.Role.MINISTRY_ADMIN:
            self.add_error(
                "role", _("An agency's staff member cannot be a ministry administrator.")
            )
        return cleaned


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)
