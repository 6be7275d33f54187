"""An officer sends a file named .xlsx that is no workbook: refused on the form at once, in French, no job made;
an import whose worker died shows as failed and is run again from its page."""

import os
import socket
import subprocess

from moukawil.core.models import Job
from moukawil.registry.imports import write_sample_csv
from moukawil.registry.models import ImportJob
from tests.factories import PASSWORD, UserFactory

SHOTS = os.environ.get("MOUKAWIL_SHOTS", "")  # a folder: the test leaves screenshots there (for a person to look)


def shot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_a_fake_workbook_is_refused_and_a_dead_import_is_run_again(page, activities, fes, tmp_path):
    officer = UserFactory(ccis_officer=True, region=fes)
    fake = tmp_path / "registre.xlsx"
    fake.write_bytes(b"cin;prenom\nAB1;Salma\n")
    page.goto("/connexion/")
    page.get_by_label("Adresse e-mail").fill(officer.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.goto("/registre/imports/")
    page.get_by_label("Fichier").set_input_files(fake)
    page.get_by_role("button", name="Envoyer le fichier").click()
    assert "ce n'est pas un classeur Excel (.xlsx)" in page.locator("#id_file_error").inner_text()
    assert not Job.objects.exists()
    shot(page, "import-fake-xlsx-fr")

    good = tmp_path / "guichet.csv"
    good.write_bytes(write_sample_csv([{"cin": "AB1234", "prenom": "Salma", "nom": "Idrissi", "sexe": "F",
                                        "date_naissance": "12/04/1992", "province": "MA-FES",
                                        "activite": "SRV-001"}]))  # fmt: skip
    page.get_by_label("Fichier").set_input_files(good)
    page.get_by_label("Vérifier seulement (rien n'est enregistré)").check()
    page.get_by_role("button", name="Envoyer le fichier").click()
    page.get_by_test_id("import-result").wait_for()
    imported = ImportJob.objects.get()
    gone = subprocess.Popen(["true"])
    gone.wait()
    Job.objects.filter(pk=imported.job_id).update(status=Job.Status.RUNNING, finished_at=None, report={},
                                                  worker=f"{socket.gethostname()}:{gone.pid}")  # fmt: skip
    page.reload()
    result = page.get_by_test_id("import-result")
    assert "s'est arrêté en cours de route" in result.inner_text()
    shot(page, "import-worker-gone-fr")
    page.get_by_role("button", name="Relancer la tâche").click()
    assert "1 ligne(s) lue(s) : 1 valide(s)" in page.get_by_test_id("import-result").inner_text()
