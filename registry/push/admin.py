"""Central admins' pages for push: webhook endpoints (register, events and ministries, rotate the
secret, resume), WebSub subscriptions (read), and every delivery with its last answer (replay
any range: filter, select, "replay")."""

from django import forms
from django.contrib import admin, messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import npgettext, pgettext, pgettext_lazy

from registry.models import PublicChange
from registry.push import services
from registry.push.models import Change, Delivery, Subscriber


class EndpointForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        label=pgettext_lazy("push", "events"),
        choices=PublicChange.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=pgettext_lazy("push", "None chosen: every public change."),
    )

    class Meta:
        model = Subscriber
        fields = ["name", "url", "events", "ministries", "owner_email"]

    def clean_url(self):
        url = self.cleaned_data["url"]
        if not url.lower().startswith(("https://", "http://")):
            raise forms.ValidationError(pgettext("push", "An http or https address."))
        return url


class ReplayForm(forms.Form):
    first = forms.IntegerField(label=pgettext_lazy("push", "from change no."), min_value=1)
    last = forms.IntegerField(label=pgettext_lazy("push", "to change no."), min_value=1)


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    form = EndpointForm
    list_display = ["name", "kind", "url", "status", "queued", "failing_since", "lease_expires_at"]
    list_filter = ["kind", "status"]
    search_fields = ["name", "url", "owner_email"]
    filter_horizontal = ["ministries"]
    readonly_fields = ["kind", "topic", "secret", "previous_secret_until", "status", "queued",
                       "failing_since", "lease_expires_at", "created_at"]  # fmt: skip
    actions = ["rotate_secrets", "resume_selected"]

    def save_model(self, request, obj, form, change):
        if change:
            obj.save()
            return
        services.register_endpoint(obj)
        message = pgettext("push", "Give the organisation its secret: %(secret)s")
        messages.info(request, message % {"secret": obj.secret})

    def get_urls(self):
        replay = self.admin_site.admin_view(self.replay_view)
        return [
            path("<int:pk>/replay/", replay, name="push_subscriber_replay"),
            *super().get_urls(),
        ]

    def replay_view(self, request, pk):
        if not self.has_change_permission(request):
            return redirect("admin:index")
        subscriber = get_object_or_404(Subscriber, pk=pk)
        form = ReplayForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            count = services.replay_range(
                subscriber, form.cleaned_data["first"], form.cleaned_data["last"]
            )
            messages.success(request, _queued(count))
            return redirect(reverse("admin:push_subscriber_change", args=[pk]))
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "subscriber": subscriber,
            "title": pgettext("push", "Replay deliveries"),
            "opts": self.model._meta,
        }
        return render(request, "push/replay.html", context)

    @admin.action(description=pgettext_lazy("push", "Rotate the secret"), permissions=["change"])
    def rotate_secrets(self, request, queryset):
        for subscriber in queryset.filter(kind=Subscriber.Kind.WEBHOOK):
            secret = services.rotate_secret(subscriber)
            messages.info(
                request,
                pgettext("push", "New secret of %(name)s: %(secret)s")
                % {"name": subscriber.name, "secret": secret},
            )

    @admin.action(description=pgettext_lazy("push", "Resume deliveries"), permissions=["change"])
    def resume_selected(self, request, queryset):
        for subscriber in queryset.filter(status=Subscriber.Status.FAILING):
            services.resume(subscriber)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # ended, never deleted: its deliveries stay on record


def _queued(count: int) -> str:
    return npgettext(
        "push", "%(count)d delivery queued again.", "%(count)d deliveries queued again.", count
    ) % {"count": count}


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["change", "subscriber", "status", "attempts", "next_attempt_at",
                    "delivered_at", "last_answer"]  # fmt: skip
    list_filter = ["status", "subscriber"]
    search_fields = ["=change__id"]
    date_hierarchy = "created_at"
    list_select_related = ["change", "subscriber"]
    actions = ["replay_selected"]

    @admin.action(description=pgettext_lazy("push", "Replay"), permissions=["change"])
    def replay_selected(self, request, queryset):
        messages.success(request, _queued(services.replay(queryset)))

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Delivery._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Change)
class ChangeAdmin(admin.ModelAdmin):
    list_display = ["pk", "kind", "entry", "created_at"]
    list_filter = ["kind"]
    readonly_fields = ["entry", "kind", "ministry_id", "payload", "created_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
