"""The bulk import's upload form."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from registry.imports import MAX_BYTES, ImportFileError, decode
from registry.inventory import is_workbook, workbook_text


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file or Excel workbook"),
        help_text=_(
            "Columns: link, display_name, service, team_name, team_email, languages, and if you "
            "wish agency and purpose (the columns of your ministry's inventory). One account per "
            "row; a CSV file in UTF-8, or the first sheet of an .xlsx workbook."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = getattr(settings, "IMPORT_MAX_BYTES", MAX_BYTES)
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is too large (%(size)s KB); the limit is %(limit)s KB.")
                % {"size": upload.size // 1024, "limit": limit // 1024}
            )
        raw = upload.read()
        try:
            return workbook_text(raw) if is_workbook(raw) else decode(raw)
        except ImportFileError as exc:
            raise forms.ValidationError(str(exc)) from None
