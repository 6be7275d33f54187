"""Accessible form rendering shared by every page: labels tied to fields, errors announced and linked with
``aria-describedby``, required fields marked in words as well as with an asterisk."""

from pathlib import Path

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.forms.renderers import DjangoTemplates
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from moukawil.core.errors import BusinessError, localise


class AccessibleFormRenderer(DjangoTemplates):
    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"

    @cached_property
    def engine(self):
        """Django's form templates, but this app's first: its ``django/forms/widgets/select.html`` writes a select's
        options itself (the same characters as Django's, one include fewer per option)."""
        return self.backend({
            "APP_DIRS": True, "NAME": "djangoforms", "OPTIONS": {},
            "DIRS": [Path(__file__).parent / "templates", Path(forms.__file__).parent / "templates"],
        })  # fmt: skip


class BusinessErrorFormMixin:
    """Shows a service's :class:`BusinessError` on the field it names (or on top of the form), in the page's
    language when the service marked its French message for translation (``gettext_noop``)."""

    def add_business_error(self: forms.Form, error: BusinessError) -> None:  # type: ignore[misc]
        field = error.field if error.field in self.fields else None
        self.add_error(field, localise(*error.localised) if error.localised else gettext(error.message))

    def add_refusal(self: forms.Form, refusal: Exception) -> None:  # type: ignore[misc]
        """A service's refusal shown on the form: a business error next to its field, a permission's reason on top."""
        if isinstance(refusal, BusinessError):
            self.add_business_error(refusal)  # type: ignore[attr-defined]
        else:
            self.add_error(None, str(refusal))


class CheckedField(forms.CharField):
    """A number checked by the domain's own function (``check``, the one the service and the API use): a page and
    the API refuse the same input with the same French message. Empty gives ``None``."""

    def __init__(self, *, check, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)
        self.check = check

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return None
        try:
            return self.check(value)
        except BusinessError as error:
            raise forms.ValidationError(error.message, code=error.code) from None


def refusal_message(error: Exception) -> str:
    """What a page shows for a refusal: a translatable BusinessError (``BusinessError.of``) in the reader's language,
    else its French message, or PermissionDenied's reason."""
    localised = getattr(error, "localised", None)
    if localised:
        return localise(*localised)
    return getattr(error, "message", None) or str(error)


def style_widgets(form: forms.BaseForm) -> None:
    """Bootstrap classes by widget kind; Django itself adds aria-invalid and aria-describedby (help and errors)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
            css = "form-check-input"
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class DateInput(forms.DateInput):
    """The browser's date picker. Its value must be ISO (AAAA-MM-JJ) whatever the language: rendered in the French
    format (JJ/MM/AAAA), an initial date is dropped by the browser and the field comes back empty."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class MoukawilForm(BusinessErrorFormMixin, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Adresse e-mail ou mot de passe incorrect. Le mot de passe distingue les majuscules des minuscules."
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Adresse e-mail")
        style_widgets(self)

    def clean_username(self):
        # E-mails are stored in lower case; people type them as they like.
        return (self.cleaned_data.get("username") or "").strip().lower()


class StyledPasswordResetForm(PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class StyledSetPasswordForm(SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)
