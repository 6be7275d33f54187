"""Conventions: list, record, steps, documents, commitments and the progress dashboard of one convention."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from moukawil.conventions import selectors, services
from moukawil.conventions.models import Commitment, Convention
from moukawil.conventions.permissions import can_manage, can_view, convention_actions
from moukawil.conventions.workflow import WORKFLOW, State
from moukawil.core.errors import BusinessError, localise
from moukawil.core.formats import number as format_number
from moukawil.core.permissions import require
from moukawil.indicators import catalogue
from moukawil.indicators.compute import ZERO, Filters, values
from moukawil.indicators.maps import region_map
from moukawil.territory.models import Region

from .charts import chart
from .conventions_forms import CommitmentForm, ConventionEditForm, ConventionForm, DocumentForm, TransitionForm
from .decorators import check_required
from .indicators_views import table_response


@check_required(can_view)
def convention_list(request):
    state = request.GET.get("etat", "")
    conventions = selectors.convention_list(user=request.user, state=state if state in State.values else "")
    context = {"conventions": conventions, "states": State.choices, "state": state,
               "can_create": can_manage(request.user)}  # fmt: skip
    return render(request, "www/conventions/list.html", context)


@check_required(can_manage)
def convention_create(request):
    form = ConventionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            convention = services.convention_create(actor=request.user, **form.cleaned_data)
        except (BusinessError, PermissionDenied) as refusal:
            form.add_refusal(refusal)
        else:
            messages.success(request, _("Convention enregistrée."))
            return redirect("www:convention_detail", pk=convention.pk)
    return render(request, "www/conventions/form.html", {"form": form})


def _convention(request, pk: int) -> Convention:
    try:
        return selectors.convention_detail(user=request.user, pk=pk)
    except Convention.DoesNotExist:
        raise Http404 from None


def _progress_rows(progress) -> tuple[list[str], list[list]]:
    """The export's table: target, value, percentage and projection as numbers (an empty cell when there is none),
    written as numeric cells by ``registry.exports``."""
    headers = [_("Engagement"), _("Indicateur"), _("Territoire"), _("Période"), _("Cible"), _("Réalisé"),
               _("Taux (%)"), _("Projection au rythme actuel"), _("Statut")]  # fmt: skip
    rows = []
    for p in progress:
        c = p.commitment
        rows.append([
            c.label or str(p.indicator.label if p.indicator else c.indicator), c.indicator, _territory(c),
            f"{p.window_start:%d/%m/%Y} – {p.window_end:%d/%m/%Y}", c.target, p.value, p.percent, p.projected,
            str(STATUS_LABELS[p.status]),
        ])  # fmt: skip
    return headers, rows


def commune_label(code: str) -> str:
    """« Commune Ain Taoujdate (33 055 habitants en 2024) »: the census names the commune and gives its population
    (no row of the register carries a commune, so there is no figure for it)."""
    from moukawil.indicators.census import commune

    found = commune(code)
    if found is None:
        return _("Commune %(code)s") % {"code": code}
    name = found["name_ar"] if get_language() == "ar" and found.get("name_ar") else found["name_fr"]
    return _("Commune %(name)s (%(population)s habitants en 2024)") % {
        "name": name, "population": format_number(found["population_2024"])}  # fmt: skip


def _territory(c: Commitment) -> str:
    if c.scope == "region" and c.region:
        return c.region.name
    if c.scope == "province" and c.province:
        return c.province.name
    if c.scope == "commune":
        return commune_label(c.commune_code)
    return _("National")


def _programme_names(codes) -> dict[str, str]:
    """A commitment names its programme by code (« accompagnement-porteurs »): the page shows the programme's name
    in its language, the code only when no programme bears it."""
    from moukawil.programmes.models import Programme

    wanted = {code for code in codes if code}
    return {p.code: p.name for p in Programme.objects.filter(code__in=wanted)} if wanted else {}


STATUS_LABELS = {  # lazy: read in the page's language
    selectors.GREEN: gettext_lazy("En bonne voie"),
    selectors.AMBER: gettext_lazy("À surveiller"),
    selectors.RED: gettext_lazy("En retard"),
    selectors.NOT_STARTED: gettext_lazy("Pas commencé"),
    selectors.UNMEASURED: gettext_lazy("Non mesurable à cette échelle"),
}


@check_required(can_view)
def convention_detail(request, pk: int):
    convention = _convention(request, pk)
    progress = selectors.convention_progress(convention)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        headers, rows = _progress_rows(progress)
        return table_response(fmt, f"convention-{convention.pk}", headers, rows)
    measured = [p for p in progress if p.value is not None]
    progress_chart = chart(
        "chart-progress", title=_("Réalisé et cible de chaque engagement"), kind="bar", horizontal=True,
        labels=[p.commitment.label or (p.indicator.label if p.indicator else p.commitment.indicator) for p in measured],
        series=[(_("Réalisé"), [p.value for p in measured]), (_("Cible"), [p.commitment.target for p in measured])],
    )  # fmt: skip
    # The map: the convention's first indicator over the convention's period, by region (its region outlined).
    main = min(measured, key=lambda p: p.commitment.pk, default=None)  # the first commitment recorded
    code = main.commitment.indicator if main else "register.registrations"
    by_region = values(code, Filters(date_from=convention.starts_on, date_to=convention.ends_on), ["region"])
    regions = list(Region.objects.order_by("code"))
    mapped = {r.code: by_region.get((r.pk,), None if catalogue.CATALOGUE[code].is_share else ZERO) for r in regions}
    programmes = _programme_names(p.commitment.programme for p in progress)
    context = {
        "convention": convention, "progress": progress, "chart": progress_chart, "status_labels": STATUS_LABELS,
        "map": region_map(mapped, {r.code: r.name for r in regions}), "map_indicator": catalogue.CATALOGUE[code],
        "map_rows": [{"region": r, "value": mapped[r.code]} for r in regions],
        "actions": convention_actions(request.user, convention),
        "can_manage": can_manage(request.user, convention),
        "can_edit_commitments": can_manage(request.user, convention) and convention.state == State.DRAFT,
        "progress_rows": [(p, _territory(p.commitment), programmes.get(p.commitment.programme, p.commitment.programme))
                          for p in progress],
        "transition_form": TransitionForm(), "document_form": DocumentForm(), "commitment_form": CommitmentForm(),
        "public_label": WORKFLOW.public_label(convention.state),
    }  # fmt: skip
    return render(request, "www/conventions/detail.html", context)


@require_POST
@check_required(can_view)
def convention_transition(request, pk: int, name: str):
    convention = _convention(request, pk)
    form = TransitionForm(request.POST)
    form.is_valid()
    try:
        services.convention_transition(
            actor=request.user, convention=convention, name=name, on=form.cleaned_data.get("on"),
            reason=form.cleaned_data.get("reason", ""),
        )  # fmt: skip
    except (BusinessError, PermissionDenied) as refusal:
        messages.error(request, getattr(refusal, "message", None) or str(refusal))
    else:
        messages.success(request, _("Étape enregistrée."))
    return redirect("www:convention_detail", pk=pk)


@require_POST
@check_required(can_view)
def convention_document(request, pk: int):
    convention = _convention(request, pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.convention_document_add(
                actor=request.user, convention=convention, kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
            )  # fmt: skip
        except (BusinessError, PermissionDenied) as refusal:
            messages.error(request, getattr(refusal, "message", None) or str(refusal))
        else:
            messages.success(request, _("Document joint."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("www:convention_detail", pk=pk)


@check_required(can_view)
def convention_document_file(request, pk: int, document_id: int):
    from django.http import FileResponse

    convention = _convention(request, pk)
    document = get_object_or_404(convention.documents, pk=document_id)
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.name,
                        content_type="application/pdf")  # fmt: skip


@check_required(can_view)
def commitment_add(request, pk: int):
    convention = _convention(request, pk)
    form = CommitmentForm(request.POST or None)
    locked = None if convention.state == State.DRAFT else _(services.LOCKED_REASON[State(convention.state)])
    if request.method == "POST" and form.is_valid():
        try:
            services.commitment_add(actor=request.user, convention=convention, **form.cleaned_data)
        except (BusinessError, PermissionDenied) as refusal:
            form.add_refusal(refusal)
        else:
            messages.success(request, _("Engagement enregistré."))
            return redirect("www:convention_detail", pk=pk)
    context = {"form": form, "convention": convention, "locked": locked}
    return render(request, "www/conventions/commitment_form.html", context)


@check_required(can_view)
def convention_report(request, pk: int):
    from django.http import HttpResponse

    from moukawil.conventions.report import progress_report_pdf

    convention = _convention(request, pk)
    pdf = progress_report_pdf(convention, selectors.convention_progress(convention))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="convention-{convention.pk}-avancement.pdf"'
    return response


def _manageable(request, pk: int) -> Convention:
    """The convention, if the reader may record it (else the 403 page with the policy's reason)."""
    convention = _convention(request, pk)
    require(can_manage(request.user, convention))
    return convention


@check_required(can_view)
def convention_edit(request, pk: int):
    """Change the fields the convention's state still lets change; the page says why the others are fixed."""
    convention = _manageable(request, pk)
    editable = services.EDITABLE[State(convention.state)]
    initial = {name: getattr(convention, name) for name in editable if name != "parties"}
    if "parties" in editable:
        initial["parties"] = list(convention.parties.all())
    form = ConventionEditForm(request.POST or None, initial=initial, editable=editable)
    if request.method == "POST" and editable and form.is_valid():
        try:
            services.convention_update(actor=request.user, convention=convention, **form.cleaned_data)
        except (BusinessError, PermissionDenied) as refusal:
            form.add_refusal(refusal)
        else:
            messages.success(request, _("Convention modifiée."))
            return redirect("www:convention_detail", pk=pk)
    locked = None if convention.state == State.DRAFT else _(services.LOCKED_REASON[State(convention.state)])
    context = {"form": form, "convention": convention, "editable": bool(editable), "locked": locked}
    return render(request, "www/conventions/edit.html", context)


def _commitment(convention: Convention, commitment_id: int) -> Commitment:
    return get_object_or_404(Commitment.objects.select_related("convention", "region", "province"),
                             pk=commitment_id, convention=convention)  # fmt: skip


@check_required(can_view)
def commitment_edit(request, pk: int, commitment_id: int):
    convention = _manageable(request, pk)
    commitment = _commitment(convention, commitment_id)
    initial = {name: getattr(commitment, name) for name in (
        "label", "indicator", "programme", "scope", "region", "province", "commune_code", "starts_on", "ends_on",
        "cumulative")}  # fmt: skip
    initial["target"] = f"{commitment.target.normalize():f}"  # « 1500 », as typed (the form reads it back)
    form = CommitmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.commitment_update(actor=request.user, commitment=commitment, **form.cleaned_data)
        except (BusinessError, PermissionDenied) as refusal:
            form.add_refusal(refusal)
        else:
            messages.success(request, _("Engagement modifié."))
            return redirect("www:convention_detail", pk=pk)
    context = {"form": form, "convention": convention, "commitment": commitment}
    return render(request, "www/conventions/commitment_form.html", context)


@require_POST
@check_required(can_view)
def commitment_delete(request, pk: int, commitment_id: int):
    """A plain form, or HTMX (``hx-post`` with a confirmation): either way back to the convention's page."""
    from django.http import HttpResponse

    convention = _manageable(request, pk)
    commitment = _commitment(convention, commitment_id)
    try:
        services.commitment_delete(actor=request.user, commitment=commitment)
    except BusinessError as refusal:
        messages.error(request, localise(*refusal.localised) if refusal.localised else refusal.message)
    else:
        messages.success(request, _("Engagement supprimé."))
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = reverse("www:convention_detail", args=[pk])
        return response
    return redirect("www:convention_detail", pk=pk)
