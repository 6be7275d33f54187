"""The enterprise register's long work, as jobs of the task engine (core.tasks)."""

from pathlib import Path

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from moukawil.core import policy
from moukawil.core.tasks import job_kind

from .imports import import_enterprises


def _summary(report: dict) -> str:
    return gettext(
        "%(total)s ligne(s) lue(s), %(valid)s valide(s), %(refused)s refusée(s), %(skipped)s déjà importée(s), "
        "%(created)s entreprise(s) créée(s)."
    ) % {**report, "refused": report["error_count"]}


@job_kind("enterprises.import", label=_("Import d'entreprises"), action=policy.ENTERPRISE_IMPORT, summary=_summary)
def run_import(job, progress) -> dict:
    return import_enterprises(
        Path(job.file.path), actor=job.created_by, mode=job.params["mode"], region=job.region, progress=progress
    ).as_dict()
