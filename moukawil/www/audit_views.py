from django import forms
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from moukawil.accounts.permissions import can_view_audit
from moukawil.core.counts import Paginator
from moukawil.core.enums import AuditEventType
from moukawil.core.selectors import audit_event_list
from moukawil.territory.models import Region

from .decorators import check_required
from .forms import MoukawilForm


class AuditFilterForm(MoukawilForm):
    event_type = forms.TypedChoiceField(
        label=_("Type d'événement"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Tous")), *AuditEventType.choices],
    )
    actor = forms.CharField(label=_("Auteur (e-mail)"), required=False, max_length=100)
    target = forms.CharField(label=_("Cible (nom ou identifiant)"), required=False, max_length=100)
    region = forms.ModelChoiceField(
        label=_("Région"), queryset=Region.objects.order_by("code"), to_field_name="code", required=False,
        empty_label=_("Toutes"),
    )  # fmt: skip
    date_from = forms.DateField(label=_("Du"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("Au"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if getattr(user, "region_id", None):  # a chamber sees its own region only: no choice to make
            del self.fields["region"]


@check_required(can_view_audit)
def audit_list(request):
    form = AuditFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    events = audit_event_list(
        user=request.user,
        event_type=filters.get("event_type"),
        actor=filters.get("actor") or None,
        target=filters.get("target") or None,
        region_code=filters["region"].code if filters.get("region") else None,
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
    )
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "www/audit_list.html", {"form": form, "page": page})
