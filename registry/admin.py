from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from accounts import admin as accounts_admin
from accounts.models import Ministry, Service
from registry import services, wording
from registry.models import ChecklistItem, EntryChange, Report, ReviewEvent, SocialAccount
from registry.public_changes import register_changed


class BumpsRegisterVersion:
    """A save here changes what the public pages and the API show: their ETags change on commit.

    Inlines (a ministry's services) are saved in the same request, after `save_model`.
    """

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        register_changed()


# Ministries and services are the people app's admin (which never imports the register); the
# register adds its cache to them here.
admin.site.unregister([Ministry, Service])


@admin.register(Ministry)
class MinistryAdmin(BumpsRegisterVersion, accounts_admin.MinistryAdmin):
    """A renamed ministry shows at once on the public pages and in the API."""


@admin.register(Service)
class ServiceAdmin(BumpsRegisterVersion, accounts_admin.ServiceAdmin):
    """A renamed service shows at once on the public pages and in the API."""


def lines(texts: list[str]) -> str:
    """Texts one per line in an admin cell, escaped."""
    return format_html_join("", "{}<br>", ((text,) for text in texts)) or "–"


class ReadOnlyAdmin(admin.ModelAdmin):
    """History is read, never written, from the admin."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReviewEventInline(admin.TabularInline):
    model = ReviewEvent
    fields = ["created_at", "move", "from_status", "to_status", "actor", "reason", "message"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ["created_at"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


# Only what no workflow or workspace rule owns; the rest is read here and changed elsewhere.
ENTRY_FIELDS_EDITABLE_HERE = (
    "platform_account_id",
    "display_name",
    "kind",
    "minister_mode",
    "campaign_end",
)


@admin.register(SocialAccount)
class SocialAccountAdmin(BumpsRegisterVersion, admin.ModelAdmin):
    """Read-mostly: status changes go through the review pages (the workflow), never here."""

    list_display = ["display_name", "platform", "handle", "status", "service", "next_review_due"]
    list_filter = ["status", "platform", "kind", "service__ministry"]
    search_fields = ["display_name", "handle", "url", "team_name", "service__name_fr"]
    list_select_related = ["service", "service__ministry"]
    date_hierarchy = "created_at"
    fields = [
        "platform",
        "handle",
        "url",
        "platform_account_id",
        "control_code",
        "display_name",
        "kind",
        "minister_mode",
        "campaign_end",
        "service",
        "team_name",
        "team_email",
        "team_phone",
        "agency",
        "publication_languages",
        "purpose",
        "status",
        "public_notice",
        "notice_in_each_language",
        "assigned_reviewer",
        "created_by",
        "created_at",
        "submitted_at",
        "verified_at",
        "last_confirmed_at",
        "closed_at",
        "next_review_due",
        "version",
    ]
    readonly_fields = [name for name in fields if name not in ENTRY_FIELDS_EDITABLE_HERE]
    inlines = [ReviewEventInline]

    @admin.display(description=_("publication languages"))
    def publication_languages(self, entry: SocialAccount) -> str:
        return wording.language_names(entry.languages)

    @admin.display(description=_("public notice in each language"))
    def notice_in_each_language(self, entry: SocialAccount) -> str:
        texts = entry.public_notices or {}
        return (
            format_html_join(
                "",
                "<p><strong>{}</strong> {}</p>",
                ((wording.language_names([c]), t) for c, t in texts.items()),
            )
            or "–"
        )

    def get_readonly_fields(self, request, obj=None):
        """A stored permanent id is never replaced here: the watch reads another one as a
        takeover (registry/watch/), and only that finding leads to a decision."""
        if obj is not None and obj.platform_account_id:
            return [*self.readonly_fields, "platform_account_id"]
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:  # in the entry's history, like the workspace's edits
            services.record_admin_edit(obj, by=request.user, fields=form.changed_data)
        super().save_model(request, obj, form, change)

    def has_add_permission(self, request) -> bool:
        return False  # entries are registered by ministries in the workspace

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ReviewEvent)
class ReviewEventAdmin(ReadOnlyAdmin):
    fields = ["entry", "created_at", "move", "from_status", "to_status", "actor", "assignee",
              "reason", "message", "checklist_as_answered"]  # fmt: skip
    readonly_fields = fields
    list_display = ["created_at", "entry", "move", "from_status", "to_status", "actor", "reason"]
    list_filter = ["move", "to_status", "reason"]
    search_fields = ["entry__display_name", "entry__handle", "actor__email", "message"]
    list_select_related = ["entry", "actor"]
    date_hierarchy = "created_at"

    @admin.display(description=_("Checklist as answered"))
    def checklist_as_answered(self, event: ReviewEvent) -> str:
        return lines(wording.checklist_in_words(event.checklist))


@admin.register(EntryChange)
class EntryChangeAdmin(ReadOnlyAdmin):
    fields = ["entry", "created_at", "actor", "what_changed"]
    readonly_fields = fields
    list_display = ["created_at", "entry", "actor", "what_changed"]

    @admin.display(description=_("changes"))
    def what_changed(self, change: EntryChange) -> str:
        return lines(wording.changes_in_words(change.changes))

    search_fields = ["entry__display_name", "entry__handle", "actor__email"]
    list_select_related = ["entry", "actor"]


@admin.register(ChecklistItem)
class ChecklistItemAdmin(BumpsRegisterVersion, admin.ModelAdmin):
    list_display = ["code", "label", "answered_by", "active", "position"]
    list_filter = ["answered_by", "active", "source"]
    search_fields = ["code", "label_lb", "label_fr", "label_de", "label_en"]
    list_editable = ["active", "position"]

    @admin.display(description=_("Label"), ordering="code")
    def label(self, item: ChecklistItem) -> str:
        return item.label  # in the reader's language, not always the English one

    def get_readonly_fields(self, request, obj=None):
        # Self-assessments and past decisions refer to an item by its code: it never changes.
        return ["code"] if obj is not None else []

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # retire it instead: past decisions refer to it


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "platform", "handle", "status", "entry"]
    list_filter = ["status", "platform"]
    search_fields = ["url", "handle"]
    readonly_fields = ["url", "platform", "handle", "entry", "note", "reporter_email", "created_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
