import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from moukawil.caravans import outcomes
from moukawil.caravans.models import Registration
from moukawil.core.models import Job


def test_the_import_command_registers_a_list_with_capacity_and_reports_refused_rows(
    stop, officer_fes, tmp_path, capsys
):
    path = tmp_path / "liste.csv"
    rows = "\n".join(f"Participant {i};F;p{i}@exemple.ma" for i in range(22))
    path.write_text(f"nom;sexe;e-mail\n{rows}\nSans sexe;X;x@exemple.ma\n", encoding="utf-8")
    call_command("caravan_import", str(stop.pk), str(path), "--actor", officer_fes.email)
    out = capsys.readouterr().out
    assert "22 inscrit(s), 0 déjà inscrit(s), 1 refusé(s)" in out and "ligne 24 (gender)" in out
    assert Registration.objects.filter(stop=stop, state="waiting").count() == 2
    call_command("caravan_import", str(stop.pk), str(path), "--actor", officer_fes.email)  # rerun: nothing new
    assert "0 inscrit(s), 22 déjà inscrit(s)" in capsys.readouterr().out


def test_the_bulk_list_is_a_job_of_the_task_engine(client, stop, officer_fes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(officer_fes)
    upload = SimpleUploadedFile("liste.csv", b"nom,sexe\nAmina Alaoui,F\nKarim Tazi,M\n")
    response = client.post(f"/caravanes/escales/{stop.pk}/liste/", {"file": upload})
    job = Job.objects.get(kind="caravans.import")
    assert response.url == f"/taches/{job.pk}/" and job.status == "done" and job.report["created"] == 2


def test_the_report_command_counts_registered_outcomes(stop, register, officer_fes, capsys):
    register(stop, 1)
    real = next(o for o in outcomes.outcomes() if o.code == "permits")  # Infitah's provider, put back after
    outcomes.register(outcomes.Outcome("permits", "Permis numériques délivrés", lambda ids: dict.fromkeys(ids, 7)))
    try:
        call_command("caravan_report", "infitah-test")
    finally:
        outcomes.register(real)
    out = capsys.readouterr().out
    assert "1 villes" in out and "Total : 1 inscrits, 0 présents" in out and "7 permis numériques délivrés" in out
    with pytest.raises(CommandError, match="Campagne inconnue"):
        call_command("caravan_report", "nulle-part")


def test_register_applications_started_at_a_stop_are_its_outcome(stop, activities, officer_fes):
    from datetime import date

    from moukawil.caravans.models import Stop
    from moukawil.caravans.selectors import results
    from moukawil.registry.services import ApplicantData, application_create
    from moukawil.territory.models import Province

    applicant = ApplicantData(cin="BK424242", first_name="Nadia", last_name="Berrada", gender="F",
                              birth_date=date(1990, 1, 1), province=Province.objects.get(code="MA-FES"))  # fmt: skip
    application_create(actor=officer_fes, applicant=applicant, activity=activities["SRV-001"], channel="counter",
                       stop=stop)  # fmt: skip
    found = results(Stop.objects.filter(pk=stop.pk))
    assert found.outcome_totals["applications"] == 1 and found.rows[0].outcomes["applications"] == 1


def test_the_transition_command_cancels_a_stop_and_publishes_a_campaign(stop, register, officer_fes, capsys):
    from moukawil.caravans.services import campaign_create
    from moukawil.core import clock

    register(stop, 1)
    with pytest.raises(CommandError, match="reason : Motif est obligatoire"):
        call_command("caravan_transition", "escale", str(stop.pk), "cancel", "--actor", officer_fes.email)
    call_command("caravan_transition", "escale", str(stop.pk), "cancel", "--reason", "Grève", "--actor",
                 officer_fes.email)  # fmt: skip
    assert "Annulée" in capsys.readouterr().out
    assert Registration.objects.get(stop=stop).state == "cancelled"
    with pytest.raises(CommandError, match="Indiquez le compte"):
        call_command("caravan_transition", "escale", str(stop.pk), "hold")
    today = clock.today()
    campaign_create(actor=officer_fes, code="vide", title_fr="Vide", starts_on=today, ends_on=today)
    with pytest.raises(CommandError, match="au moins une escale"):
        call_command("caravan_transition", "campagne", "vide", "publish", "--actor", officer_fes.email)
    with pytest.raises(CommandError, match="Campagne inconnue"):
        call_command("caravan_transition", "campagne", "nulle", "publish", "--actor", officer_fes.email)
