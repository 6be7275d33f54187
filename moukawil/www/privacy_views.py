"""Personal-data pages (loi 09-08): « Mes données » for the entrepreneur (what the platform holds, JSON download,
rectification requests), and the officers' queue of rectification requests."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from moukawil.core import policy
from moukawil.core.errors import BusinessError
from moukawil.privacy import permissions
from moukawil.privacy.models import RectificationRequest
from moukawil.privacy.services import my_data_export, my_data_json, rectification_request, rectification_transition
from moukawil.privacy.workflow import WORKFLOW, State

from .decorators import check_required
from .forms import refusal_message
from .privacy_forms import DecisionForm, RectificationForm


@check_required(lambda user: policy.decide(user, policy.MY_DATA))
def my_data(request):
    """Everything held about the entrepreneur, readable, with the rectification form and his requests (an account
    without a record yet is told so)."""
    if getattr(request.user, "person", None) is None:
        return render(request, "www/privacy/my_data.html", {"data": None})
    form = RectificationForm()
    if request.method == "POST":
        form = RectificationForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                rectification_request(actor=request.user, **form.cleaned_data)
            except (BusinessError, PermissionDenied) as error:
                form.add_refusal(error)
            else:
                messages.success(request, gettext("Demande de rectification envoyée à votre chambre."))
                return redirect("www:my_data")
    data = my_data_export(actor=request.user, fmt="page")
    requests = RectificationRequest.objects.filter(requested_by=request.user)
    context = {"data": data, "form": form, "requests": requests, "workflow": WORKFLOW}
    return render(request, "www/privacy/my_data.html", context)


@check_required(permissions.can_export_my_data)
def my_data_download(request):
    data = my_data_export(actor=request.user, fmt="json")
    response = HttpResponse(my_data_json(data), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="mes-donnees-{timezone.localdate().isoformat()}.json"'
    return response


@check_required(permissions.can_decide_rectifications)
def rectification_queue(request):
    state = request.GET.get("etat", State.REQUESTED)
    requests = RectificationRequest.objects.visible_to(request.user).select_related("person", "region")
    if state in State.values:
        requests = requests.filter(state=state)
    page = Paginator(requests.order_by("created_at", "id"), 50).get_page(request.GET.get("page"))
    return render(request, "www/privacy/queue.html", {"page": page, "state": state, "states": State.choices})


@login_required
def rectification_detail(request, request_id: int):
    found = _visible(request.user)
    rectification = get_object_or_404(found.select_related("person", "region", "requested_by"), pk=request_id)
    actions = [
        move for move in WORKFLOW.transitions.values()
        if permissions.can_act(request.user, rectification, move.name)
    ]  # fmt: skip
    context = {
        "rectification": rectification, "actions": actions, "form": DecisionForm(), "workflow": WORKFLOW,
        "transitions": rectification.transitions.select_related("actor"),
    }  # fmt: skip
    return render(request, "www/privacy/detail.html", context)


@login_required
@require_POST
def rectification_act(request, request_id: int):
    rectification = get_object_or_404(_visible(request.user), pk=request_id)
    form = DecisionForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        rectification_transition(
            actor=request.user, request=rectification, name=request.POST.get("action", ""), reason=reason
        )
    except (BusinessError, PermissionDenied) as error:
        messages.error(request, refusal_message(error))
    else:
        messages.success(request, gettext("Demande de rectification mise à jour."))
    return redirect("www:rectification", request_id=rectification.pk)


def _visible(user):
    if permissions.can_decide_rectifications(user):
        return RectificationRequest.objects.visible_to(user)
    return RectificationRequest.objects.filter(requested_by_id=user.pk)


@login_required
def rectification_evidence(request, request_id: int):
    """The evidence of a request, for the officers who decide it and its holder."""
    from pathlib import Path

    from django.http import FileResponse, Http404

    rectification = get_object_or_404(_visible(request.user), pk=request_id)
    if not rectification.evidence:
        raise Http404
    name = Path(rectification.evidence.name).name
    return FileResponse(rectification.evidence.open("rb"), as_attachment=True, filename=name)
