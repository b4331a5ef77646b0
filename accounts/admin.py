from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin as BaseTOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services, wording
from accounts.models import (
    ExternalAgency,
    Membership,
    MembershipEvent,
    Ministry,
    ProviderSignIn,
    Service,
    User,
)
from accounts.roles import CENTRAL_ADMINS, REVIEWERS


def yes_no(value: bool) -> str:
    """A yes or a no in words (Django's icons say “True” and “False” in English)."""
    return str(_("Yes") if value else _("No"))


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["ministry", "agency"]
    fk_name = "user"


class CentralRoleFilter(admin.SimpleListFilter):
    """The central roles by their names, not by their groups' codes."""

    title = _("central role")
    parameter_name = "central_role"

    def lookups(self, request, model_admin):
        return list(wording.CENTRAL_ROLES.items())

    def queryset(self, request, queryset):
        if self.value() in wording.CENTRAL_ROLES:
            return queryset.filter(groups__name=self.value())
        return queryset


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "active", "last_login"]
    list_filter = ["is_active", CentralRoleFilter, "memberships__ministry"]
    search_fields = ["email", "full_name"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name", "language"]}),
        (_("Central unit"), {"fields": ["is_active", "is_staff", "groups"]}),
        (_("Sign-in"), {"fields": ["provider_only"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]})
    ]
    readonly_fields = ["last_login", "date_joined"]
    filter_horizontal = ["groups"]

    @admin.display(description=_("active"), ordering="is_active")
    def active(self, user: User) -> str:
        return yes_no(user.is_active)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "groups":  # a central role by its name, not its group's code
            field.label_from_instance = lambda group: wording.central_role(group.name)
        return field

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # deactivate instead: past actions stay attributed

    def get_readonly_fields(self, request, obj=None):
        """A central admin manages ministry people; the central unit's staff (reviewers, central
        admins, superusers) are changed by a superuser only (else a new e-mail address or
        password would hand their account, second factor included, to whoever set it, and a
        role withdrawn first would make them a ministry person again, open to that)."""
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and not may_manage_fully(request.user, obj):
            fields += [f for f in PROTECTED_FIELDS if f not in fields]
        return fields

    def user_change_password(self, request, id, form_url=""):
        person = self.get_object(request, id)
        if person is not None and not may_manage_fully(request.user, person):
            raise PermissionDenied
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302 and person is not None:
            services.record_password_set(user=person, actor=request.user)
        return response

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            services.record_person_changes(
                user=obj, actor=request.user, changes=_person_changes(form)
            )
        else:
            services.record_account_created(user=obj, actor=request.user)

    def save_related(self, request, form, formsets, change):
        """Record who changed this person's roles or memberships (in the view's transaction)."""
        user = form.instance
        old_groups = set(user.groups.values_list("name", flat=True)) if change else set()
        old_roles = services.membership_roles(user) if change else {}
        super().save_related(request, form, formsets, change)
        new_groups = set(user.groups.values_list("name", flat=True))
        services.record_group_change(user=user, actor=request.user, old=old_groups, new=new_groups)
        services.record_membership_changes(
            user=user, actor=request.user, old=old_roles, new=services.membership_roles(user)
        )


# What only a superuser may change on a protected person (may_manage_fully).
PROTECTED_FIELDS = ("email", "password", "is_active", "is_staff", "is_superuser", "groups")
# The person's own fields an audit event names (groups and memberships have their own events).
AUDITED_FIELDS = ("email", "full_name", "language", "is_active", "is_staff")


def may_manage_fully(actor, person) -> bool:
    """Superusers manage everyone; a central admin, only ministry people: never the central
    unit's staff (a reviewer, a central admin, active or not) nor a staff or superuser account.
    The one rule for the person's form, their password and their second factor."""
    if actor.is_superuser:
        return True
    if person.is_superuser or person.is_staff:
        return False
    return not person.groups.filter(name__in=[REVIEWERS, CENTRAL_ADMINS]).exists()


def _person_changes(form) -> dict[str, tuple[str, str]]:
    return {
        name: (str(form.initial.get(name, "")), str(form.cleaned_data.get(name, "")))
        for name in AUDITED_FIELDS
        if name in form.changed_data
    }


admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(BaseTOTPDeviceAdmin):
    """Second factors: a central admin may remove a ministry person's (who lost their phone and
    enrols again at the next sign-in), never a central staff member's (may_manage_fully); a
    superuser may remove or set anyone's. Each removal or setting by someone else is recorded.
    The keys and QR codes are never shown (settings.OTP_ADMIN_HIDE_SENSITIVE_DATA)."""

    def has_delete_permission(self, request, obj=None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or may_manage_fully(request.user, obj.user))

    def has_change_permission(self, request, obj=None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or may_manage_fully(request.user, obj.user))

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if obj.user_id != request.user.pk:
            services.record_second_factor(user=obj.user, actor=request.user, removed=False)

    def delete_model(self, request, obj):
        self._record_removals([obj], request.user)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        self._record_removals(queryset.select_related("user"), request.user)
        super().delete_queryset(request, queryset)

    @staticmethod
    def _record_removals(devices, actor) -> None:
        for device in devices:
            if device.user_id != actor.pk:
                services.record_second_factor(user=device.user, actor=actor, removed=True)


class ServiceInline(admin.TabularInline):
    model = Service
    extra = 0
    fields = ["name_fr", "name_de", "name_en", "kind", "slug", "website"]
    show_change_link = True


@admin.register(Ministry)
class MinistryAdmin(admin.ModelAdmin):
    list_display = ["name_fr", "short_name", "slug", "language"]
    search_fields = ["name_fr", "name_de", "name_en", "short_name", "slug"]
    prepopulated_fields = {"slug": ["short_name"]}
    inlines = [ServiceInline]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name_fr", "ministry", "kind", "slug"]
    list_filter = ["kind", "ministry"]
    search_fields = ["name_fr", "name_de", "name_en", "short_name", "slug"]
    autocomplete_fields = ["ministry"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ExternalAgency)
class ExternalAgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "contact_email", "website"]
    search_fields = ["name", "contact_email"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "ministry", "role", "agency", "created_at"]
    list_filter = ["role", "ministry", "agency"]
    search_fields = ["user__email", "user__full_name", "ministry__name_fr"]
    autocomplete_fields = ["user", "ministry", "agency"]

    # Each write records MembershipEvents, like the people's own form (UserAdmin.save_related).
    def save_model(self, request, obj, form, change):
        people = [obj.user]
        if change:  # the form may have moved the membership to another person
            people.append(Membership.objects.select_related("user").get(pk=obj.pk).user)
        with services.membership_audit(people, actor=request.user):
            super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        with services.membership_audit([obj.user], actor=request.user):
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        people = User.objects.filter(pk__in=queryset.values("user"))
        with services.membership_audit(list(people), actor=request.user):
            super().delete_queryset(request, queryset)


@admin.register(MembershipEvent)
class MembershipEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "action", "user", "ministry", "before", "after", "actor"]
    fields = ["created_at", "action", "user", "ministry", "before", "after", "actor"]
    readonly_fields = fields

    @admin.display(description=_("before"))
    def before(self, event: MembershipEvent) -> str:
        return event.old_label()

    @admin.display(description=_("after"))
    def after(self, event: MembershipEvent) -> str:
        return event.new_label()

    list_filter = ["action", "ministry"]
    search_fields = ["user__email", "user__full_name", "actor__email"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ProviderSignIn)
class ProviderSignInAdmin(admin.ModelAdmin):
    """Sign-ins through the identity provider, failures and refusals: read only."""

    list_display = ["created_at", "outcome", "reason", "email", "user", "second_factor"]

    @admin.display(description=_("second factor at the provider"), ordering="two_factor")
    def second_factor(self, sign_in: ProviderSignIn) -> str:
        return yes_no(sign_in.two_factor)

    list_filter = ["outcome", "reason", "two_factor"]
    search_fields = ["email", "subject", "user__email"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


# django-otp's list of devices: its search help names fields in English ("user's e-mail").
TOTPDeviceAdmin.search_help_text = _("Search by the person's e-mail address.")
