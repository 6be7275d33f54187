"""The page of a background job (core.tasks): its progress while it runs (HTMX polling), then its report."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from moukawil.core import tasks
from moukawil.core.errors import BusinessError, localise
from moukawil.core.models import Job
from moukawil.core.tasks import job_label, job_live, job_summary


@login_required
def job_detail(request, pk: int):
    job = job_live(get_object_or_404(Job.objects.visible_to(request.user).select_related("created_by"), pk=pk))
    if job.kind == "registry.import":  # the register's imports have their own page
        return redirect("www:import_detail", pk=job.registry_import.pk)
    back = job.params.get("back", "")
    context = {
        "job": job, "label": job_label(job), "summary": job_summary(job),
        "back": back if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}) else "",
    }  # fmt: skip
    template = "www/jobs/partials/progress.html" if request.htmx else "www/jobs/detail.html"
    return render(request, template, context)


@require_POST
@login_required
def job_rerun(request, pk: int):
    """Run a failed job again (its worker died, or the work failed): the service checks the kind's permission."""
    job = get_object_or_404(Job.objects.visible_to(request.user), pk=pk)
    try:
        tasks.job_rerun(actor=request.user, job=job)
    except BusinessError as refusal:
        messages.error(request, localise(*refusal.localised) if refusal.localised else refusal.message)
    except PermissionDenied as refusal:
        messages.error(request, str(refusal))
    return redirect("www:job", pk=job.pk)
