"""/transparency/: the signed checkpoint, the log's key, entries and proofs (docs/transparency.md).

Proofs, roots and full pages of entries for a size the log has reached never change: they are
served immutable. The checkpoint changes every minute (signing, cosignatures) without a change
of the register, so it is revalidated on each use and not kept under the register version.
"""

import base64

from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from accounts.access import Rule, access
from registry.models import LogEntry
from registry.transparency import checkpoints, keys, log

PAGE = 1000
MAX_POST = 8192
IMMUTABLE = "public, max-age=31536000, immutable"


def b64(raw: bytes) -> str:
    return base64.b64encode(bytes(raw)).decode()


def _numbers(request, *names: str) -> list[int]:
    try:
        values = [int(request.GET[name]) for name in names]
    except (KeyError, ValueError) as error:
        raise log.LogError(f"give {', '.join(names)} as whole numbers") from error
    if any(v < 0 or v > 2**63 for v in values):
        raise log.LogError("numbers out of range")
    return values


def _refused(error: Exception) -> JsonResponse:
    return JsonResponse({"error": str(error)}, status=400)


def _immutable(data: dict) -> JsonResponse:
    response = JsonResponse(data)
    response["Cache-Control"] = IMMUTABLE
    return response


def _text(body: str, cache: str = "no-cache") -> HttpResponse:
    response = HttpResponse(body, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = cache
    return response


@require_GET
@access(Rule.PUBLIC)
def checkpoint(request):
    latest = checkpoints.latest()
    if latest is None:
        response = _text("no checkpoint yet: the log is empty\n", cache="no-store")
        response.status_code = 404
        return response
    return _text(checkpoints.served_note(latest))


@require_GET
@access(Rule.PUBLIC)
def key(request):
    return _text(keys.log_verifier().vkey + "\n", cache="public, max-age=3600")


@require_GET
@access(Rule.PUBLIC)
def entries(request):
    try:
        start, end = _numbers(request, "start", "end")
        if not start < end <= start + PAGE:
            raise log.LogError(f"0 <= start < end <= start + {PAGE}")
    except log.LogError as error:
        return _refused(error)
    rows = LogEntry.objects.filter(index__gte=start, index__lt=end).order_by("index")
    found = [
        {"index": r.index, "leaf": bytes(r.leaf).decode(), "leaf_hash": b64(r.leaf_hash)}
        for r in rows.only("index", "leaf", "leaf_hash")
    ]
    data = {"entries": found}
    if len(found) == end - start:  # a full range never changes
        return _immutable(data)
    return JsonResponse(data)


@require_GET
@access(Rule.PUBLIC)
def inclusion(request):
    try:
        index, size = _numbers(request, "index", "size")
        path = log.inclusion_proof(index, size)
        leaf = LogEntry.objects.values_list("leaf_hash", flat=True).get(index=index)
    except log.LogError as error:
        return _refused(error)
    data = {"index": index, "size": size, "leaf_hash": b64(leaf), "path": [b64(p) for p in path]}
    return _immutable(data)


@require_GET
@access(Rule.PUBLIC)
def consistency(request):
    try:
        first, second = _numbers(request, "first", "second")
        path = log.consistency_proof(first, second)
    except log.LogError as error:
        return _refused(error)
    return _immutable({"first": first, "second": second, "path": [b64(p) for p in path]})


@require_GET
@access(Rule.PUBLIC)
def root(request):
    try:
        (size,) = _numbers(request, "size")
        root_hash = log.root_at(size)
    except log.LogError as error:
        return _refused(error)
    return _immutable({"size": size, "root_hash": b64(root_hash)})


@csrf_exempt  # a witness is a program posting a signed statement, not a browser session
@require_POST
@access(Rule.PUBLIC)
def cosignature(request):
    if len(request.body) > MAX_POST:
        return _refused(ValueError("too large"))
    try:
        kept = checkpoints.add_cosignature(request.body.decode("utf-8"))
    except (UnicodeDecodeError, checkpoints.CosignatureRefused) as error:
        return JsonResponse({"error": str(error)}, status=403)
    witnesses = [cosigned.witness for cosigned in kept]
    return JsonResponse({"witnesses": witnesses, "size": kept[0].checkpoint.size}, status=201)
