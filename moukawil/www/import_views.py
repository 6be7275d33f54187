"""Bulk import pages: upload a file, follow the background job's progress, read the report."""

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _

from moukawil.core.errors import BusinessError, localise
from moukawil.core.tabular import upload_check
from moukawil.core.tasks import job_live
from moukawil.registry.imports import COLUMNS, import_job_create, import_job_start
from moukawil.registry.models import ImportJob
from moukawil.registry.permissions import can_import

from .decorators import check_required
from .forms import MoukawilForm


class ImportForm(MoukawilForm):
    file = forms.FileField(label=_("Fichier"), help_text=_("CSV (séparateur , ou ;) en UTF-8, ou XLSX."))
    mode = forms.ChoiceField(
        label=_("Mode"), choices=ImportJob.Mode.choices, initial=ImportJob.Mode.VALIDATE, widget=forms.RadioSelect
    )

    def clean_file(self):
        """Too big, another format, an .xlsx that is no zip or would inflate too much: refused here, at once."""
        uploaded = self.cleaned_data["file"]
        try:
            upload_check(uploaded, kind="registry.import")
        except BusinessError as refusal:
            message = localise(*refusal.localised) if refusal.localised else refusal.message
            raise forms.ValidationError(message) from None
        return uploaded


def _jobs(user):
    return ImportJob.objects.visible_to(user).select_related("created_by", "job")


@check_required(can_import)
def import_list(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = import_job_create(
                actor=request.user, uploaded_file=form.cleaned_data["file"], mode=form.cleaned_data["mode"]
            )
        except BusinessError as error:
            form.add_business_error(error)
        else:
            import_job_start(job)
            return redirect("www:import_detail", pk=job.pk)
    page = Paginator(_jobs(request.user), 20).get_page(request.GET.get("page"))
    return render(request, "www/registry/imports.html", {"form": form, "page": page, "columns": COLUMNS})


@check_required(can_import)
def import_detail(request, pk):
    job = get_object_or_404(_jobs(request.user), pk=pk)
    job_live(job.job)
    template = "www/registry/partials/import_progress.html" if request.htmx else "www/registry/import_detail.html"
    return render(request, template, {"job": job})
