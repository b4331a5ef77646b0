"""Verify a link, and report a suspected fake."""

from django import forms
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from accounts.access import Rule, access
from accounts.text import multi_line, single_line
from registry.links import InvalidAccountURL, parse_account_url
from registry.public.views.share import verdict_card, verify_query
from registry.reports import TooManyReports, create_report
from registry.transparency import history
from registry.verification import Result, verify_link
from registry.web.caching import public_answer
from registry.web.client_address import client_address

MAX_LINK = 2048


@public_answer
@access(Rule.PUBLIC)
def verify(request):
    url = request.GET.get("url", "").strip()[:MAX_LINK]
    at = request.GET.get("at", "").strip()[:40]
    context = link_answer(url, request, at=at) if url else {"url": url, "at": at, "verdict": None}
    # An answer about any link anyone typed (not in the registry, or not a link at all) is no
    # page for search engines; an answer about a registered account is, under its canonical link.
    verdict = context["verdict"]
    registered = verdict is not None and verdict.result != Result.NOT_REGISTERED
    context["noindex"] = bool(url) and not registered
    return render(request, "registry/public/verify.html", context)


def link_answer(url: str, request, *, at: str = "") -> dict:
    """What the verify page says about a link (templates/registry/public/includes/verdict.html):
    its verdict and share card, or the parser's refusal (a warning for a look-alike host); with
    `at`, also the answer as it stood then, from the public log. The directory says the same
    when its search box holds a link."""
    context = {"url": url, "at": at, "verdict": None, "past": None, "refusal": "", "imitated": ""}
    try:
        verdict = context["verdict"] = verify_link(url)
        context["past"] = at and history.as_of(url, history.parse_moment(at))
        link = verdict.entry.url if verdict.entry else parse_account_url(url).url
        share = context["share"] = verdict_card(verdict, link, request)
        context["canonical_url"] = share.url
        context["canonical_query"] = verify_query(link)
    except InvalidAccountURL as exc:
        context["refusal"] = exc.render(gettext)  # the parser's message, translated
        if exc.code == "lookalike":  # a warning with the report button, not a refusal
            context["imitated"] = gettext(exc.params["platform"])
    except history.InvalidMoment:
        context["verdict"] = None
        context["refusal"] = gettext("Give the date as 2026-03-12, or a date and time.")
    return context


class ReportForm(forms.Form):
    url = forms.CharField(
        label=_("Link you suspect"),
        max_length=MAX_LINK,
        validators=[single_line],
        widget=forms.TextInput(attrs={"inputmode": "url", "autocomplete": "off"}),
    )
    note = forms.CharField(
        label=_("What makes you think it is fake? (optional)"),
        required=False,
        max_length=2000,
        validators=[multi_line],
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    email = forms.EmailField(
        label=_("Your e-mail address (optional)"),
        required=False,
        help_text=_("Only if you want an answer. It is never published."),
    )


@never_cache
@access(Rule.PUBLIC)
def report(request):
    """The one public form with a CSRF token: it is never cached."""
    if request.method == "POST":
        form = ReportForm(request.POST)
        if form.is_valid():
            try:
                create_report(**form.cleaned_data, address=client_address(request))
            except TooManyReports as exc:
                return render(
                    request,
                    "registry/public/report.html",
                    {"form": form, "refused": str(exc)},
                    status=429,
                )
            return redirect("public:report-sent")
    else:
        form = ReportForm(initial={"url": request.GET.get("url", "")[:MAX_LINK]})
    return render(request, "registry/public/report.html", {"form": form})


@public_answer
@access(Rule.PUBLIC)
def report_sent(request):
    return render(request, "registry/public/report_sent.html")
