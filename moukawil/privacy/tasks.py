"""Retention, as jobs of the task engine (core.tasks): uploaded files deleted, struck-off people pseudonymised.
Each reaches the same end state when rerun (what was done is not found again)."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from moukawil.core import policy
from moukawil.core.tasks import job_kind

from .services import people_pseudonymise, uploads_purge


@job_kind(
    "privacy.uploads_purge", label=_("Suppression des fichiers déposés (conservation)"), action=policy.RETENTION_RUN,
    summary=lambda report: gettext("%(deleted)s fichier(s) supprimé(s) (conservés %(retention_days)s jours).")
    % report,
)  # fmt: skip
def run_uploads_purge(job, progress) -> dict:
    return uploads_purge(actor=job.created_by, days=job.params.get("days"))


@job_kind(
    "privacy.pseudonymise", label=_("Pseudonymisation des personnes radiées (conservation)"),
    action=policy.RETENTION_RUN,
    summary=lambda report: gettext("%(pseudonymised)s personne(s) pseudonymisée(s) (radiées depuis plus de "
                                   "%(retention_years)s ans).") % report,
)  # fmt: skip
def run_pseudonymise(job, progress) -> dict:
    return people_pseudonymise(actor=job.created_by, years=job.params.get("years"))
