"""The labeler's HTTP side: `com.atproto.label.queryLabels` (XRPC, JSON) and the labeler's DID
document (did:web), where apps find its signing key and its service address. The WebSocket
side (subscribeLabels) is `manage.py serve_labels`."""

from django.conf import settings
from django.http import Http404, JsonResponse
from django.views.decorators.http import require_GET

from accounts.access import Rule, access
from registry.push import labels
from registry.push.models import Label

MAX_LIMIT = 250


def xrpc_error(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": "InvalidRequest", "message": message}, status=status)


@require_GET
@access(Rule.PUBLIC)
def query_labels(request) -> JsonResponse:
    """Labels on subjects matching `uriPatterns` (a full URI, or a prefix ending in `*`), after
    `cursor`, `limit` at most (1–250, 50 by default)."""
    patterns = request.GET.getlist("uriPatterns")
    if not patterns or any(not p or len(p) > 500 for p in patterns):
        return xrpc_error("uriPatterns is required: one or more AT URIs or prefixes ending in *")
    limit, cursor = request.GET.get("limit", "50"), request.GET.get("cursor", "0")
    if not (limit.isdigit() and 1 <= int(limit) <= MAX_LIMIT):
        return xrpc_error(f"limit must be a whole number from 1 to {MAX_LIMIT}")
    if not cursor.isdigit():
        return xrpc_error("cursor must be one this service gave")
    sources = request.GET.getlist("sources")
    if sources and labels.labeler_did() not in sources:
        return JsonResponse({"labels": []})
    found = Label.objects.filter(pk__gt=int(cursor)).filter(_matching(patterns))
    page = list(found.order_by("pk")[: int(limit)])
    body = {"labels": [labels.as_json(label) for label in page]}
    if page:
        body["cursor"] = str(page[-1].pk)
    return JsonResponse(body)


def _matching(patterns: list[str]):
    from django.db.models import Q

    query = Q(pk__in=[])
    for pattern in patterns:
        if pattern == "*":
            return Q()
        query |= Q(uri__startswith=pattern[:-1]) if pattern.endswith("*") else Q(uri=pattern)
    return query


@require_GET
@access(Rule.PUBLIC)
def did_document(request) -> JsonResponse:
    """did:web: the labeler's key (#atproto_label) and where it answers (#atproto_labeler)."""
    key = labels.signing_key()
    did = labels.labeler_did()
    if key is None or not did.startswith("did:web:"):
        raise Http404("This registry runs no labeler.")
    return JsonResponse({
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": did,
        "verificationMethod": [{
            "id": f"{did}#atproto_label", "type": "Multikey", "controller": did,
            "publicKeyMultibase": labels.public_multikey(key),
        }],
        "service": [{
            "id": "#atproto_labeler", "type": "AtprotoLabeler",
            "serviceEndpoint": settings.LABELER_SERVICE_URL,
        }],
    })  # fmt: skip
