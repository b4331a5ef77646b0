"""The second factor (TOTP): set up an authenticator app once, then enter its code each session.

Staff roles are sent here by `accounts.access` when `settings.REQUIRE_STAFF_2FA` is on. A person
without a confirmed device scans a QR code (inline SVG, no script) or types the secret, and
confirms it with a code; a person with a device enters a code. Either way the session is then
marked verified (`django_otp.login`) and the person goes on to the page they asked for.
"""

import math
from base64 import b32encode

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.access import Rule, access
from accounts.roles import is_reviewer

DEVICE_NAME = "authenticator"


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Six-digit code"),
        help_text=_("The code your authenticator app shows now."),
        min_length=6,
        max_length=6,
        strip=True,
        validators=[RegexValidator(r"^[0-9]{6}$", _("Enter the six digits your app shows."))],
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]{6}"}
        ),
    )


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def pending_device(user) -> TOTPDevice:
    """The device being set up: kept across page loads, so the QR code does not change."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def token_refusal(device: TOTPDevice, token: str) -> str | None:
    """None when `token` is accepted; else why not. After a wrong code django-otp refuses every
    code for a while (1 s, then 2, 4, 8…): a correct code typed then is refused too, and saying
    "check your clock" would send the person looking for the wrong fault."""
    allowed, throttled = device.verify_is_allowed()
    if not allowed:
        wait = (throttled or {}).get("locked_until")
        seconds = max(1, math.ceil((wait - timezone.now()).total_seconds())) if wait else 1
        return ngettext(
            "Too many wrong codes in a row: wait %(seconds)d second, then enter the code your "
            "app shows.",
            "Too many wrong codes in a row: wait %(seconds)d seconds, then enter the code your "
            "app shows.",
            seconds,
        ) % {"seconds": seconds}
    if device.verify_token(token):
        return None
    return gettext("This code is not valid. Check your app's clock and try again.")


def qr_svg(text: str) -> str:
    """An inline SVG QR code, safe to insert: generated here from our own data."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    svg = image.to_string(encoding="unicode")
    svg = svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" class="qr-code" ', 1)
    return mark_safe(svg)  # noqa: S308 -- path data drawn by qrcode, no user text


def safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("accounts:home")


@never_cache
@access(Rule.SIGNED_IN)
def two_factor(request):
    """Set up or enter the second factor, then go on to `next`."""
    device = confirmed_device(request.user)
    setting_up = device is None
    if setting_up:
        device = pending_device(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        refusal = token_refusal(device, form.cleaned_data["token"])
        if refusal is None:
            if setting_up:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            otp_login(request, device)
            return redirect(safe_next(request))
        form.add_error("token", refusal)
    context = {
        "form": form,
        "setting_up": setting_up,
        "required": settings.REQUIRE_STAFF_2FA and is_reviewer(request.user),
        "next": safe_next(request),
    }
    if setting_up:
        context |= {
            "qr_code": qr_svg(device.config_url),
            "secret": b32encode(device.bin_key).decode(),
        }
    return render(request, "accounts/two_factor.html", context, status=400 if form.errors else 200)
