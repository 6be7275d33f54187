import base64

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from moukawil.accounts import two_factor
from moukawil.accounts.models import ApiToken
from moukawil.accounts.services import api_token_create, api_token_revoke, entrepreneur_signup
from moukawil.core.errors import BusinessError

from .forms import MoukawilForm


class SignupForm(MoukawilForm):
    first_name = forms.CharField(label=_("Prénom"), max_length=100)
    last_name = forms.CharField(label=_("Nom de famille"), max_length=100)
    email = forms.EmailField(label=_("Adresse e-mail"))
    password = forms.CharField(
        label=_("Mot de passe"),
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Au moins 10 caractères, pas uniquement des chiffres."),
    )
    consent = forms.BooleanField(
        label=_("J'ai lu la notice d'information sur mes données personnelles (loi 09-08)."), required=True
    )


class TokenForm(MoukawilForm):
    name = forms.CharField(
        label=_("Nom du jeton"), max_length=100, help_text=_("Par exemple : le système qui l'utilise.")
    )
    valid_days = forms.IntegerField(label=_("Validité (jours)"), min_value=1, max_value=730, initial=365)


def signup(request):
    if request.user.is_authenticated:
        return redirect("home")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = entrepreneur_signup(
                email=data["email"],
                password=data["password"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                preferred_language=get_language() or "fr",
            )
        except BusinessError as error:
            form.add_business_error(error)
        else:
            login(request, user, backend="moukawil.accounts.backends.UserBackend")
            return redirect("home")
    return render(request, "www/signup.html", {"form": form})


@login_required
def account(request):
    context = {"tokens": request.user.api_tokens.all(), "token_form": TokenForm()}
    return render(request, "www/account.html", context)


@login_required
@require_POST
def token_create(request):
    form = TokenForm(request.POST)
    new_token = None
    if form.is_valid():
        try:
            _token, new_token = api_token_create(
                actor=request.user,
                user=request.user,
                name=form.cleaned_data["name"],
                valid_days=form.cleaned_data["valid_days"],
            )
        except BusinessError as error:
            form.add_business_error(error)
        else:
            form = TokenForm()
    context = {"tokens": request.user.api_tokens.all(), "token_form": form, "new_token": new_token}
    return render(request, "www/partials/tokens.html", context)


@login_required
@require_POST
def token_revoke(request, token_id: int):
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    error = None
    try:
        api_token_revoke(actor=request.user, token=token)
    except BusinessError as exc:
        error = exc.message
    context = {"tokens": request.user.api_tokens.all(), "token_form": TokenForm(), "error": error}
    return render(request, "www/partials/tokens.html", context)


def privacy(request):
    return render(request, "www/privacy.html")


# --- Two-factor login (accounts.two_factor, docs/security.md) ------------------------------------------------------
class OtpForm(MoukawilForm):
    code = forms.CharField(
        label=_("Code à six chiffres"), max_length=12, help_text=_("Affiché par votre application d'authentification."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )  # fmt: skip


@login_required
def otp_enrol(request):
    """Enrol an authenticator application: its secret as a QR code (and as text), confirmed by a first code."""
    if two_factor.confirmed_device(request.user):
        return redirect(f"{reverse('www:otp_verify')}?next={two_factor.safe_next(request)}")
    device = two_factor.pending_device(request.user)
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.verify_code(request, device, form.cleaned_data["code"]):
            messages.success(
                request, _("Double authentification activée : ce code vous sera demandé à chaque connexion.")
            )
            return redirect(two_factor.safe_next(request))
        form.add_error("code", _("Code incorrect ou expiré : saisissez le code affiché maintenant par l'application."))
    secret = base64.b32encode(device.bin_key).decode()
    qr = segno.make(device.config_url, error="m").svg_data_uri(scale=5)
    context = {"form": form, "qr": qr, "secret": secret, "next": two_factor.safe_next(request)}
    return render(request, "registration/otp_enrol.html", context)


@login_required
def otp_verify(request):
    """The second step of a login: the code of the enrolled application."""
    device = two_factor.confirmed_device(request.user)
    if device is None:
        return redirect(f"{reverse('www:otp_enrol')}?next={two_factor.safe_next(request)}")
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.verify_code(request, device, form.cleaned_data["code"]):
            return redirect(two_factor.safe_next(request))
        form.add_error("code", _("Code incorrect ou expiré : saisissez le code affiché maintenant par l'application."))
    return render(request, "registration/otp_verify.html", {"form": form, "next": two_factor.safe_next(request)})
