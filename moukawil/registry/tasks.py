"""The register's long work, as jobs of the task engine (core.tasks)."""

from django.utils.translation import gettext_lazy as _

from moukawil.core import policy
from moukawil.core.tasks import job_kind

from .imports import import_job_run
from .models import ImportJob


@job_kind("registry.import", label=_("Import de demandes"), action=policy.REGISTER_IMPORT)
def run_import(job, progress) -> dict:
    return import_job_run(ImportJob.objects.select_related("created_by", "region").get(job=job), progress=progress)
