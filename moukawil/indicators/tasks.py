"""The summaries' refresh as a job of the task engine (``indicators.refresh``): rebuilt year by year, to the same
end state when rerun."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from moukawil.core import policy
from moukawil.core.tasks import job_kind

from .services import summaries_refresh


@job_kind(
    "indicators.refresh", label=_("Recalcul des chiffres des tableaux de bord"), action=policy.INDICATORS_REFRESH,
    summary=lambda report: gettext("%(rows)s ligne(s) de chiffres agrégés recalculée(s).") % report,
)  # fmt: skip
def run_refresh(job, progress) -> dict:
    params = job.params or {}
    return summaries_refresh(
        actor=job.created_by, years=params.get("years"), all_years=bool(params.get("all_years")), progress=progress
    )
