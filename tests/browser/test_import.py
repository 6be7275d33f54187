from moukawil.registry.imports import write_sample_csv
from tests.factories import PASSWORD, UserFactory


def test_an_officer_imports_a_file_and_reads_the_refused_rows(page, activities, fes, tmp_path):
    officer = UserFactory(ccis_officer=True, region=fes)
    rows = [
        {"cin": "AB1234", "prenom": "Salma", "nom": "Idrissi", "sexe": "F", "date_naissance": "12/04/1992",
         "province": "MA-FES", "activite": "SRV-001"},
        {"cin": "AB9", "prenom": "Karim", "nom": "Tazi", "sexe": "M", "date_naissance": "31/02/1990",
         "province": "MA-FES", "activite": "SRV-001"},
    ]  # fmt: skip
    path = tmp_path / "guichet.csv"
    path.write_bytes(write_sample_csv(rows, delimiter=";"))
    page.goto("/connexion/")
    page.get_by_label("Adresse e-mail").fill(officer.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.goto("/registre/demandes/")
    page.get_by_role("link", name="Import de fichiers").click()
    page.get_by_label("Fichier").set_input_files(path)
    page.get_by_label("Tout ou rien").check()
    page.get_by_role("button", name="Envoyer le fichier").click()
    result = page.get_by_test_id("import-result")
    assert "Fichier refusé : rien n'a été importé" in result.inner_text()
    assert "Date invalide" in page.get_by_role("table").inner_text()
