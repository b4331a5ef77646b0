"""Bulk import: upload a CSV, see what each row will do, confirm to create the drafts.

Between the preview and the confirmation the file's text waits in the session; confirming
checks it again, and if the answer changed (someone registered one of the accounts meanwhile)
shows the new preview instead of creating anything.
"""

import tempfile

from django.contrib import messages
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import Rule, access
from registry import services
from registry.errors import WorkflowError
from registry.fields import PublicationLanguage
from registry.imports import ImportFileError, preview, services_by_name, template_csv
from registry.inventory import XLSX, write_inventory
from registry.models import SocialAccount
from registry.permissions import member_ministry_ids
from registry.workspace.forms.imports import ImportForm

SESSION_KEY = "workspace_import"


def _check(user, text: str):
    return preview(text, services=services_by_name(member_ministry_ids(user)))


@access(Rule.MEMBER)
@require_http_methods(["GET", "POST"])
def import_upload(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["file"]
        try:
            result = _check(request.user, text)
        except ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            request.session[SESSION_KEY] = {"text": text, "ok": [r.line for r in result.to_create]}
            return render(request, "registry/workspace/import_preview.html", {"preview": result})
    return render(
        request,
        "registry/workspace/import_upload.html",
        {
            "form": form,
            "services": services_by_name(member_ministry_ids(request.user)).services,
            "languages": PublicationLanguage.choices,
        },
    )


@access(Rule.MEMBER)
@require_GET
def inventory(request):
    """The entries the person sees (every status) as a workbook the import reads back."""
    entries = (
        SocialAccount.objects.for_member(request.user)
        .select_related("service", "agency")
        .order_by("service__slug", "display_name", "pk")
    )
    out = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it when sent)
    write_inventory(out, entries.iterator(chunk_size=500))
    out.seek(0)
    return FileResponse(out, content_type=XLSX, as_attachment=True, filename="inventory.xlsx")


@access(Rule.MEMBER)
@require_GET
def import_template(request):
    """The CSV to fill in, with the names of the services the person may import into."""
    text = template_csv(services_by_name(member_ministry_ids(request.user)))
    response = HttpResponse("\ufeff" + text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="import-template.csv"'
    return response


@access(Rule.MEMBER)
@require_POST
def import_confirm(request):
    stored = request.session.get(SESSION_KEY)
    if not stored:
        messages.error(request, _("Nothing to import: upload the file again."))
        return redirect("workspace:import")
    try:
        result = _check(request.user, stored["text"])
    except ImportFileError as exc:
        messages.error(request, str(exc))
        return redirect("workspace:import")
    if [r.line for r in result.to_create] != stored["ok"]:
        stored["ok"] = [r.line for r in result.to_create]
        request.session[SESSION_KEY] = stored
        messages.warning(
            request, _("The register changed since your preview: check the rows again.")
        )
        return render(request, "registry/workspace/import_preview.html", {"preview": result})
    if not result.to_create:
        messages.error(request, _("No row can be imported."))
        return redirect("workspace:import")
    try:
        created = services.create_imported([r.data for r in result.to_create], by=request.user)
    except WorkflowError as exc:
        messages.error(request, str(exc))
        return redirect("workspace:import")
    del request.session[SESSION_KEY]
    messages.success(
        request,
        ngettext("%(count)d draft created.", "%(count)d drafts created.", len(created))
        % {"count": len(created)},
    )
    return redirect("workspace:home")
