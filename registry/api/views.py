"""The public API: read-only views over public entries, ministries and platforms.

Every view starts from `SocialAccount.objects.public()`, answers GET/HEAD/OPTIONS only (405
otherwise), is throttled per client, carries an ETag and public caching headers, and names
ministries and services in the language of `?lang=` or `Accept-Language`.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import NotFound
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Ministry, Service
from registry.api import serializers
from registry.api.base import PublicAPIMixin, api_schema
from registry.api.errors import InvalidQuery, InvalidURL, LookalikeURL, MissingURL
from registry.api.filters import AccountFilter, AccountOrdering
from registry.api.pagination import AccountPagination
from registry.freshness.kept import depends_on
from registry.links import PLATFORMS
from registry.listing import Counted, count_searched
from registry.models import PUBLIC_STATUSES, EntryCount, SocialAccount
from registry.models.register import entry_scope
from registry.search import words_of
from registry.transparency import history
from registry.verification import InvalidAccountURL, verify_link

MAX_URL_LENGTH = 2000


class AccountList(PublicAPIMixin, ListAPIView):
    """The public entries (verified, suspended, closed), filtered, ordered and paginated."""

    queryset = SocialAccount.objects.public().with_related()
    serializer_class = serializers.AccountSerializer
    pagination_class = AccountPagination
    filter_backends = [DjangoFilterBackend, AccountOrdering]
    filterset_class = AccountFilter
    ordering_fields = ["display_name", "handle", "platform", "verified_at", "updated_at", "id"]
    ordering = ["display_name", "id"]

    @api_schema("accounts_list", serializers.AccountSerializer, not_found=True)
    def get(self, request, *args, **kwargs):
        return self.list(request, *args, **kwargs)

    def counted(self, queryset) -> Counted:
        """How many entries the filtered list holds: from the kept counts when the filters allow
        (registry.listing); a text search up to SEARCH_COUNT_LIMIT (None beyond); else counted.
        Asked by the ordering and the pagination: once."""
        if not hasattr(self, "_counted"):
            self._counted = self._count(queryset)
        return self._counted

    def _count(self, queryset) -> Counted:
        filters = AccountFilter(self.request.query_params, queryset=queryset)
        if not filters.is_valid():
            return Counted(queryset.order_by().count())
        if (selection := filters.selection()) is not None:
            return selection.counted()
        if words_of(filters.form.cleaned_data.get("q") or ""):
            return count_searched(queryset)
        return Counted(queryset.order_by().count())


class AccountDetail(PublicAPIMixin, RetrieveAPIView):
    """One public entry by its id."""

    queryset = SocialAccount.objects.public().with_related()
    serializer_class = serializers.AccountSerializer

    def get_object(self):
        entry = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if entry is None:
            raise NotFound("No public account has this id.")
        depends_on(entry_scope(entry.pk))
        return entry

    @api_schema("accounts_retrieve", serializers.AccountSerializer, not_found=True)
    def get(self, request, *args, **kwargs):
        return self.retrieve(request, *args, **kwargs)


class Verify(PublicAPIMixin, APIView):
    """Is this link an official account? `official`, `suspended`, `closed`, `not_registered`,
    `handle_changed` (the verified account now goes by another handle) or `gone` (the verified
    account is no longer on its platform: its handle is free to take). Only `official` means
    official; a client must treat any other value, and any value it does not know, as not
    official.

    The link is found by the entry's own link, by any alias the central unit accepted, or by the
    platform's permanent id the entry holds (`x.com/i/user/<number>`, a YouTube channel id).
    A link the registry cannot read is answered 400 with code `invalid_url` and a message saying
    what to paste instead; a link whose address imitates a platform (`twitter.com.evil.example`,
    `faceb00k.com`, look-alike letters) is answered 400 with code `lookalike` and the imitated
    platform in `imitates`.
    """

    stamped = True  # a verdict is cached; the moment it is given is not

    @api_schema(
        "verify",
        serializers.VerdictSerializer,
        parameters=[
            OpenApiParameter(
                "url",
                {"type": "string", "minLength": 1, "maxLength": MAX_URL_LENGTH},
                required=True,
                description=(
                    "A link to a social media account's profile (or to a post whose address "
                    "names the account), or a fediverse account written @name@server."
                ),
            ),
            OpenApiParameter(
                "at",
                {"type": "string", "maxLength": 40},
                required=False,
                description=(
                    "An ISO 8601 date or date-time: the answer as it stood then, from the "
                    "public log (a date: at the end of that day, UTC)."
                ),
            ),
        ],
    )
    def get(self, request):
        # `checked_at`, the time of this request, is added to the kept verdict (`stamped`).
        return Response(self.verdict_data())

    def verdict_data(self) -> dict:
        text = self.request.query_params.get("url", "").strip()
        if not text:
            raise MissingURL
        if len(text) > MAX_URL_LENGTH or "\x00" in text:
            raise InvalidURL
        at = self.request.query_params.get("at", "").strip()
        try:
            if at:
                return self.past_verdict(text, at)
            verdict = verify_link(text)
        except InvalidAccountURL as exc:
            if exc.code == "lookalike":
                raise LookalikeURL(exc.render(gettext), imitates=exc.params["imitates"]) from exc
            raise InvalidURL(exc.render(gettext)) from exc
        account = None
        if verdict.entry is not None:
            account = serializers.AccountSerializer(
                verdict.entry, context=self.get_serializer_context()
            ).data
        return {
            "result": str(verdict.result),
            "platform": verdict.platform,
            "handle": verdict.handle,
            "handle_reassigned": verdict.handle_reassigned,
            "account": account,
            "as_of": None,
        }

    def past_verdict(self, text: str, at: str) -> dict:
        try:
            past = history.as_of(text, history.parse_moment(at[:40]))
        except history.InvalidMoment as exc:
            raise InvalidQuery(
                fields={"at": [gettext("Give an ISO 8601 date or date-time.")]}
            ) from exc
        entry = (
            SocialAccount.objects.public().filter(pk=past.log_entry.entry_id).first()
            if past.log_entry
            else None
        )
        account = None
        if entry is not None:
            account = serializers.AccountSerializer(
                entry, context=self.get_serializer_context()
            ).data
        as_of = {
            "at": past.at,
            "log_index": past.log_entry.index if past.log_entry else None,
            "leaf": past.facts,
            "inclusion_proof": past.proof_url and self.request.build_absolute_uri(past.proof_url),
        }
        return {
            "result": past.result,
            "platform": past.platform,
            "handle": past.handle,
            "handle_reassigned": past.result == "handle_changed",
            "account": account,
            "as_of": as_of,
        }


def public_counts_per(field: str) -> dict:
    """{value of `field`: public entries}, from the counts the database keeps."""
    return EntryCount.objects.selected(statuses=PUBLIC_STATUSES).per(field)


class MinistryList(PublicAPIMixin, ListAPIView):
    """Every ministry with its services, and how many public accounts each one owns."""

    serializer_class = serializers.MinistrySerializer
    pagination_class = None
    filter_backends = []

    def get_queryset(self):
        by_name = Ministry.name_field(self.language)  # the order a reader of that language expects
        services = Service.objects.order_by(by_name, "pk")
        return Ministry.objects.prefetch_related(Prefetch("services", queryset=services)).order_by(
            by_name, "pk"
        )

    @api_schema("ministries_list", serializers.MinistrySerializer)
    def get(self, request, *args, **kwargs):
        per_service = public_counts_per("service")
        ministries = list(self.get_queryset())
        for ministry in ministries:
            for service in ministry.services.all():
                service.public_accounts = per_service.get(service.pk, 0)
            ministry.public_accounts = sum(s.public_accounts for s in ministry.services.all())
        return Response(self.get_serializer(ministries, many=True).data)


class PlatformList(PublicAPIMixin, APIView):
    """The platforms the register knows, with how many public accounts each one has."""

    @api_schema("platforms_list", serializers.PlatformSerializer(many=True))
    def get(self, request):
        counts = public_counts_per("platform")
        rows = [
            {"slug": slug, "name": gettext(label), "public_accounts": counts.get(slug, 0)}
            for slug, label in PLATFORMS.items()
        ]
        return Response(serializers.PlatformSerializer(rows, many=True).data)


class NotFoundView(PublicAPIMixin, APIView):
    """Any other path under /api/: the API's own 404, in its error shape."""

    schema = None  # not an operation of the API

    def get(self, request, *args, **kwargs):
        raise NotFound("There is no such path in the API.")
