"""What the public API shows of entries, ministries and platforms: explicit fields only.

No member, reviewer, team, e-mail, phone, agency or proof-of-control code ever appears here.
Names follow the language of the request (`context["language"]`).
"""

from django.urls import reverse
from django.utils.translation import get_language
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Service
from registry.fields import PublicationLanguage
from registry.models import Kind, Platform, SocialAccount, Status


class TranslatedNameMixin:
    def language(self) -> str:
        return self.context.get("language") or get_language()

    def absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class NamedRefSerializer(TranslatedNameMixin, serializers.Serializer):
    """A ministry or service as the account names it: `{slug, name}`."""

    slug = serializers.SlugField(read_only=True)
    name = serializers.SerializerMethodField()

    def get_name(self, obj) -> str:
        return obj.name_in(self.language())


class AccountSerializer(TranslatedNameMixin, serializers.ModelSerializer):
    platform = serializers.ChoiceField(choices=Platform.choices, read_only=True)
    kind = serializers.ChoiceField(choices=Kind.choices, read_only=True)
    status = serializers.ChoiceField(choices=Status.choices, read_only=True)
    ministry = NamedRefSerializer(source="service.ministry", read_only=True)
    service = NamedRefSerializer(read_only=True)
    languages = serializers.ListField(
        child=serializers.ChoiceField(choices=PublicationLanguage.choices), read_only=True
    )
    page_url = serializers.SerializerMethodField()

    class Meta:
        model = SocialAccount
        fields = [
            "id", "platform", "handle", "url", "display_name", "kind", "status", "ministry",
            "service", "languages", "verified_at", "last_confirmed_at", "closed_at", "page_url",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_page_url(self, obj: SocialAccount) -> str:
        return self.absolute(reverse("public:account", args=[obj.pk]))


class AsOfSerializer(serializers.Serializer):
    """Where a past answer comes from: the public log (docs/transparency.md)."""

    at = serializers.DateTimeField(read_only=True)
    log_index = serializers.IntegerField(read_only=True, allow_null=True)
    leaf = serializers.DictField(
        read_only=True, allow_null=True, help_text="The log entry's leaf (docs/transparency.md)."
    )
    inclusion_proof = serializers.CharField(read_only=True, allow_null=True)


class VerdictSerializer(serializers.Serializer):
    """The answer of /api/v1/verify/ (documents the response; the view builds the dict)."""

    result = serializers.ChoiceField(
        choices=["official", "closed", "suspended", "not_registered", "handle_changed", "gone"],
        read_only=True,
        help_text="official: verified, the government speaks through it. suspended: official "
        "but not to be trusted for now. closed: no longer used by the government. "
        "not_registered: no public entry, treat it as unofficial. handle_changed: the verified "
        "account now goes by another handle. gone: the verified account is no longer on the "
        "platform (deleted, deactivated or suspended by it, confirmed by the registry's watch): "
        "its handle is free for anyone to take. Only official means official; a client that "
        "does not know a value must treat it as not official.",
    )
    platform = serializers.ChoiceField(choices=Platform.choices, read_only=True)
    handle = serializers.CharField(read_only=True)
    handle_reassigned = serializers.BooleanField(
        read_only=True,
        help_text="The registry's watch found that this handle no longer belongs to the account "
        "it verified (renamed or taken over).",
    )
    account = AccountSerializer(read_only=True, allow_null=True)
    checked_at = serializers.DateTimeField(read_only=True)
    as_of = AsOfSerializer(
        read_only=True,
        allow_null=True,
        help_text="With `at=`: where the answer, as it stood at `at`, comes from in the public "
        "log (`log_index` null when the log held no entry for this link then); null without "
        "`at=`.",
    )


class ServiceSerializer(NamedRefSerializer):
    """A service of a ministry, with how many public accounts it owns."""

    kind = serializers.ChoiceField(choices=Service.Kind.choices, read_only=True)
    public_accounts = serializers.IntegerField(read_only=True)


class MinistrySerializer(NamedRefSerializer):
    """A ministry, its services, and how many public accounts each one owns."""

    short_name = serializers.CharField(read_only=True)
    website = serializers.CharField(read_only=True)
    public_accounts = serializers.IntegerField(read_only=True)
    page_url = serializers.SerializerMethodField()
    services = ServiceSerializer(many=True, read_only=True)

    @extend_schema_field(OpenApiTypes.URI)
    def get_page_url(self, obj) -> str:
        return self.absolute(reverse("public:ministry", args=[obj.slug]))


class PlatformSerializer(serializers.Serializer):
    """A platform the register knows (its slug is what `platform` means everywhere)."""

    slug = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    public_accounts = serializers.IntegerField(read_only=True)


class ErrorSerializer(serializers.Serializer):
    """Every error of the API, as RFC 9457 problem details (`application/problem+json`): a
    message for people (`detail`, and `error` as in version 1) and a stable code for programs."""

    type = serializers.CharField(help_text="Where this error's code is explained (a URI).")
    title = serializers.CharField(help_text="The HTTP status's name.")
    status = serializers.IntegerField()
    detail = serializers.CharField()
    error = serializers.CharField(help_text="The same message as `detail`.")
    code = serializers.CharField()
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), required=False
    )
    imitates = serializers.CharField(
        required=False,
        help_text=(
            "Only with code `lookalike` (from /api/v1/verify/): the slug of the platform whose "
            "address the link imitates (a `platform` value, e.g. `x`). Treat the account as "
            "fake; the error says so in words."
        ),
    )
