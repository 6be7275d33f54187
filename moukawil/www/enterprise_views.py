"""Pages of the enterprise register (TPE and SME): list with its export, record, registration and edit, import."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext

from moukawil.accounts.enums import Role
from moukawil.core import clock, tabular
from moukawil.core.counts import Paginator
from moukawil.core.errors import BusinessError, localise
from moukawil.core.permissions import require
from moukawil.core.replica import reading_replica
from moukawil.enterprises.models import Enterprise
from moukawil.enterprises.permissions import can_edit_enterprise, can_import_enterprises, can_register_enterprise
from moukawil.enterprises.selectors import enterprise_list as select_enterprises
from moukawil.enterprises.services import EnterpriseData, enterprise_create, enterprise_update
from moukawil.programmes.models import Call
from moukawil.programmes.permissions import can_view_programme_files
from moukawil.territory.models import Province

from .decorators import check_required
from .enterprise_forms import EnterpriseFilterForm, EnterpriseForm
from .registry_views import _export_response


def _filtered_enterprises(request):
    """The list's filter form, the selector's arguments it gives and the matching enterprises (the page and its
    export share it, so they always hold the same rows)."""
    form = EnterpriseFilterForm(request.GET)
    filters = form.filters()
    return form, filters, select_enterprises(user=request.user, **filters)


@check_required(can_view_programme_files)
def enterprise_list(request):
    form, _filters, enterprises = _filtered_enterprises(request)
    page = Paginator(enterprises, 30).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form, "page": page, "query": query.urlencode(),
        "can_register": can_register_enterprise(request.user, region=None),
        "can_import": can_import_enterprises(request.user),
    }  # fmt: skip
    return render(request, "www/enterprises/list.html", context)


ENTERPRISE_COLUMNS = [
    ("name", "Entreprise"), ("legal_kind", "Forme"), ("ice", "ICE"), ("rc", "RC"), ("tax_id", "IF"),
    ("tp_number", "Taxe professionnelle"), ("created_on", "Créée le"), ("sector", "Secteur"),
    ("region", "Région"), ("size_class", "Taille"), ("last_turnover", "Chiffre d'affaires"),
    ("turnover_year", "Année"), ("employees", "Effectif"), ("is_rural", "Rural"), ("owner_gender", "Sexe dirigeant"),
]  # fmt: skip


def _enterprise_rows(enterprises, *, user=None):
    """The export's rows (no identity column: nothing to mask for ``user``); turnover and employees as numbers
    (numeric cells in the XLSX, ``registry.exports``)."""
    for e in enterprises.iterator(chunk_size=2000):
        yield [
            e.name, e.get_legal_kind_display(), e.ice, e.rc, e.tax_id, e.tp_number, e.created_on.strftime("%d/%m/%Y"),
            e.sector.code, e.region.name_fr, e.get_size_class_display(), e.last_turnover,
            "" if e.turnover_year is None else str(e.turnover_year),  # a year: not a number with a thousands separator
            e.employees, "oui" if e.is_rural else "non", e.owner_gender,
        ]  # fmt: skip


@check_required(can_view_programme_files)
@reading_replica
def enterprise_export(request):
    _form, filters, enterprises = _filtered_enterprises(request)
    return _export_response(request, what="entreprises", queryset=enterprises, columns=ENTERPRISE_COLUMNS,
                            rows=_enterprise_rows, filters=filters)  # fmt: skip


def _enterprise_data(form) -> EnterpriseData:
    data = dict(form.cleaned_data)
    province = Province.objects.select_related("region").get(pk=data.pop("province"))
    return EnterpriseData.from_mapping(data, province=province)


@login_required
def enterprise_form(request, enterprise_id: int | None = None):
    """Register an enterprise (officer, or an entrepreneur his own) or edit one."""
    enterprise = None
    if enterprise_id is not None:
        enterprise = get_object_or_404(Enterprise.objects.visible_to(request.user), pk=enterprise_id)
        require(can_edit_enterprise(request.user, enterprise))
    else:
        require(can_register_enterprise(request.user, region=None))
    initial = {}
    if enterprise is not None:
        initial = {f: getattr(enterprise, f) for f in EnterpriseForm.base_fields if hasattr(enterprise, f)}
        initial["province"] = enterprise.province_id
    form = EnterpriseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if enterprise is None:
                owner = request.user if request.user.role == Role.ENTREPRENEUR else None
                enterprise = enterprise_create(actor=request.user, data=_enterprise_data(form), owner=owner)
            else:
                enterprise = enterprise_update(actor=request.user, enterprise=enterprise, data=_enterprise_data(form))
        except (BusinessError, PermissionDenied) as refusal:
            form.add_refusal(refusal)
        else:
            messages.success(request, gettext("Entreprise %(name)s enregistrée.") % {"name": enterprise.name})
            return redirect("www:enterprise", enterprise_id=enterprise.pk)
    return render(request, "www/enterprises/form.html", {"form": form, "enterprise": enterprise})


@login_required
def enterprise_detail(request, enterprise_id: int):
    enterprise = get_object_or_404(
        Enterprise.objects.visible_to(request.user).select_related("region", "sector", "province", "rc_court"),
        pk=enterprise_id,
    )
    applications = enterprise.applications.select_related("call__programme")
    open_calls = Call.objects.published().filter(closes_on__gte=clock.today()).select_related("programme")
    context = {
        "enterprise": enterprise, "applications": applications, "open_calls": open_calls,
        "can_edit": can_edit_enterprise(request.user, enterprise),
    }  # fmt: skip
    return render(request, "www/enterprises/detail.html", context)


@check_required(can_import_enterprises)
def enterprise_import(request):
    """Upload a file, choose validate / all or nothing / valid rows only; the import runs in the background (its
    job's page shows the progress, then the report of every refused row)."""
    from moukawil.core.tasks import job_create, job_enqueue
    from moukawil.enterprises.imports import COLUMNS

    if request.method == "POST" and request.FILES.get("file"):
        try:
            tabular.upload_check(request.FILES["file"], kind="enterprises.import")
        except BusinessError as refusal:
            messages.error(request, localise(*refusal.localised) if refusal.localised else refusal.message)
            return redirect("www:enterprise_import")
        region = request.user.scope_region
        params = {"mode": request.POST.get("mode", "validate"), "back": reverse("www:enterprise_import")}
        job = job_create(
            kind="enterprises.import", actor=request.user, params=params, file=request.FILES["file"], region=region
        )
        job_enqueue(job)
        return redirect("www:job", pk=job.pk)
    return render(request, "www/enterprises/import.html", {"columns": list(COLUMNS)})
