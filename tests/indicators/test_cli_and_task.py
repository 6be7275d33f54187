"""The CLI and the task engine rebuild the same summaries; the open-data export writes the same file."""

from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from moukawil.core.tasks import job_create, job_enqueue
from moukawil.indicators.compute import SUMMARY, total
from tests.indicators.rows import make_registrations


@pytest.mark.django_db
def test_the_cli_refreshes_and_exports(fes, activities, tmp_path, officer_fes, capsys):
    make_registrations(fes, date(2019, 5, 2), 7, women=2)
    call_command("indicators", "refresh", "--all")
    assert total("register.registrations", source=SUMMARY) == 7
    with pytest.raises(CommandError, match="recalculent"):
        call_command("indicators", "refresh", "--actor", officer_fes.email)
    call_command("indicators", "export", str(tmp_path / "ouvert.csv"))
    text = (tmp_path / "ouvert.csv").read_text(encoding="utf-8")
    assert "Fès-Meknès" in text and "<5" in text and "Prénom" not in text


@pytest.mark.django_db(transaction=True)
def test_the_refresh_job_rebuilds_the_summaries(fes, activities, agency_officer):
    from moukawil.core.models import Job

    make_registrations(fes, date(2019, 5, 2), 3)
    job = job_enqueue(job_create(kind="indicators.refresh", actor=agency_officer, params={"years": [2019]}))
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.report["rows"] >= 1
    assert total("register.registrations", source=SUMMARY) == 3
