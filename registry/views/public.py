"""Public pages: what citizens and journalists see. Every read starts from `.public()`."""

from django.shortcuts import get_object_or_404, render

from accounts.access import Rule, access
from accounts.models import Ministry
from registry.models import SocialAccount


@access(Rule.PUBLIC)
def directory(request):
    entries = SocialAccount.objects.public().with_related().order_by("display_name")[:50]
    return render(request, "registry/public/directory.html", {"entries": entries})


@access(Rule.PUBLIC)
def verify(request):
    return render(request, "registry/public/verify.html", {"url": request.GET.get("url", "")})


@access(Rule.PUBLIC)
def account(request, pk: int):
    entry = get_object_or_404(SocialAccount.objects.public().with_related(), pk=pk)
    return render(request, "registry/public/account.html", {"entry": entry})


@access(Rule.PUBLIC)
def ministry(request, slug: str):
    found = get_object_or_404(Ministry, slug=slug)
    entries = SocialAccount.objects.public().with_related().filter(service__ministry=found)
    return render(request, "registry/public/ministry.html", {"ministry": found, "entries": entries})


@access(Rule.PUBLIC)
def accessibility(request):
    return render(request, "registry/public/accessibility.html")


@access(Rule.PUBLIC)
def privacy(request):
    return render(request, "registry/public/privacy.html")
