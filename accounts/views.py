"""Sign-in pages (Django's own views, our templates) and where a person lands after sign-in."""

from django.shortcuts import redirect
from django.urls import reverse

from accounts.access import Rule, access, is_member
from accounts.roles import is_reviewer


@access(Rule.SIGNED_IN)
def home(request):
    """The central unit lands on its queue, a ministry member on their register."""
    if is_reviewer(request.user):
        return redirect(reverse("review:queue"))
    if is_member(request.user):
        return redirect(reverse("workspace:home"))
    return redirect(reverse("public:directory"))
