from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from moukawil.accounts.permissions import can_view_audit
from moukawil.core.enums import AuditEventType
from moukawil.core.selectors import audit_event_list

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


@check_required(can_view_audit)
def audit_list(request):
    form = AuditFilterForm(request.GET or None)
    event_type = form.cleaned_data.get("event_type") if form.is_valid() else None
    page = Paginator(audit_event_list(user=request.user, event_type=event_type), 50).get_page(request.GET.get("page"))
    return render(request, "www/audit_list.html", {"form": form, "page": page})
