"""Register rules a careless file or a hopeful applicant meets (issue 17, point 6): excluded professions refused as
such, a region in the province column, a short row, a CIN repeated after its refused first row, and name keys that
treat a family name's particles alike written attached or apart."""

import csv
from pathlib import Path

import pytest
from django.utils import timezone

from moukawil.core.errors import BusinessError
from moukawil.registry.enums import Channel
from moukawil.registry.identity import name_key
from moukawil.registry.imports import COLUMNS, _FirstRows, import_file, write_sample_csv
from moukawil.registry.models import Activity, Application, DuplicateSuspicion, ExcludedProfession
from moukawil.registry.services import application_create

from .test_imports import good_row

ROOT = Path(__file__).resolve().parents[2]
# The shared list of Moroccan names (/work/shared/data/moroccan_names.csv), as the project ships it for the demo.
NAMES = ROOT / "moukawil" / "demo" / "data" / "moroccan_names.csv"
PROJECT_NAMES = ROOT / "moukawil" / "registry" / "data" / "ae_excluded_professions.csv"


@pytest.fixture
def write(tmp_path):
    def make(rows=None, raw: bytes | None = None, name="import.csv"):
        path = tmp_path / name
        path.write_bytes(raw if raw is not None else write_sample_csv(rows))
        return path

    return make


# --- Excluded professions ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_excluded_profession_of_the_decrees_is_an_excluded_activity_with_its_reference(activities):
    with PROJECT_NAMES.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    excluded = Activity.objects.filter(excluded=True).select_related("excluded_profession")
    assert len(rows) == 56 == excluded.count() == ExcludedProfession.objects.count()
    lawyers = excluded.get(name_fr="Avocats")
    assert lawyers.code.startswith("EXC-")
    assert "42 ter" in lawyers.excluded_profession.legal_reference


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["Avocats", "avocat", "  AVOCAT ", "les avocats", "المحامون"])
def test_an_excluded_profession_typed_by_name_in_a_file_is_refused_as_such(write, activities, officer_fes, typed):
    report = import_file(write([good_row(0, activite=typed)]), actor=officer_fes, mode="valid_only")
    (error,) = report.errors
    assert (report.created, error.row, error.column) == (0, 2, "activite")
    assert error.code == "application.check_activity_excluded"
    assert "« Avocats » est une profession exclue du statut d'auto-entrepreneur" in error.message
    assert "CGI art. 42 ter-III" in error.message and "2-15-263" in error.message  # its legal reference
    assert "inconnue" not in error.message


@pytest.mark.django_db
def test_an_excluded_profession_typed_as_its_code_is_refused_with_its_reference(write, activities, officer_fes):
    notaries = Activity.objects.get(name_fr="Notaires")
    report = import_file(write([good_row(0, activite=notaries.code.lower())]), actor=officer_fes, mode="valid_only")
    (error,) = report.errors
    assert "« Notaires » est une profession exclue" in error.message
    assert "Décret n° 2-08-124" in error.message


@pytest.mark.django_db
def test_an_open_activity_is_found_by_its_name_too_and_an_unknown_one_says_what_is_expected(
    write, activities, officer_fes
):
    open_activity = activities["SRV-001"]
    rows = [good_row(0, activite=open_activity.name_fr.upper()), good_row(1, activite="Astronaute")]
    report = import_file(write(rows), actor=officer_fes, mode="valid_only")
    assert report.created == 1
    assert Application.objects.get().activity == open_activity
    (error,) = report.errors
    assert error.message == "Activité inconnue : « Astronaute » (code ou libellé de la nomenclature attendu)."


@pytest.mark.django_db
def test_the_counter_and_the_api_refuse_an_excluded_profession_with_its_reference(
    activities, applicant, officer_fes, client
):
    with pytest.raises(BusinessError) as refused:
        application_create(
            actor=officer_fes, applicant=applicant(), activity=Activity.objects.get(name_fr="Avocats"),
            channel=Channel.COUNTER,
        )  # fmt: skip
    assert refused.value.field == "activity"
    assert "profession exclue" in refused.value.message and "42 ter-III" in refused.value.message
    assert not Application.objects.exists()


@pytest.mark.django_db
def test_the_form_lists_the_excluded_professions_apart(activities):
    from moukawil.www.registry_forms import activity_choices

    groups = dict(activity_choices(Activity.objects.filter(is_active=True)))
    excluded = groups["Professions exclues du statut"]
    assert len(excluded) == 56
    assert all(not Activity.objects.get(pk=pk).excluded for label, choices in groups.items()
               if label != "Professions exclues du statut" for pk, _name in choices)  # fmt: skip


# --- Province column, short rows, repeated identities ------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("written", ["Fes-Meknes", "Fès - Meknès", "FES MEKNES", "فاس مكناس"])
def test_a_region_in_the_province_column_is_told_to_give_its_province(write, activities, officer_fes, written):
    report = import_file(write([good_row(0, province=written)]), actor=officer_fes, mode="valid_only")
    (error,) = report.errors
    assert error.column == "province"
    assert error.message.startswith(f"« {written} » est une région — indiquez sa préfecture ou sa province")
    assert "Fès" in error.message  # one of its provinces, as an example


@pytest.mark.django_db
def test_a_short_row_gets_one_reason_naming_its_width(write, activities, officer_fes):
    header = ",".join(COLUMNS)
    raw = f"{header}\nAB100001,cin,Youssef\n".encode()
    report = import_file(write(raw=raw), actor=officer_fes, mode="valid_only")
    (error,) = report.errors
    assert error.message == f"Ligne incomplète : 3 colonnes sur {len(COLUMNS)}."
    assert report.created == 0


@pytest.mark.django_db
@pytest.mark.parametrize("batches", [(500, 5000), (1, 1)])
def test_a_cin_repeated_after_its_refused_first_row_is_refused_saying_why(
    write, activities, officer_fes, monkeypatch, batches
):
    monkeypatch.setattr("moukawil.registry.imports.FIRST_BATCH", batches[0])
    monkeypatch.setattr("moukawil.registry.imports.BATCH", batches[1])
    rows = [
        good_row(0, date_naissance="31/02/1990"),  # refused: bad date (row 2)
        good_row(1),  # another person, imported (row 3)
        good_row(2, cin="AB100000"),  # the refused row's CIN, this time correct: not imported silently (row 4)
        good_row(3, activite="Avocats"),  # refused by a check (row 5)
        good_row(4, cin="AB100003"),  # its CIN again (row 6)
        good_row(5, cin="12"),  # an unreadable CIN: refused for itself (row 7)
        good_row(6, cin="12"),  # (row 8)
    ]
    report = import_file(write(rows), actor=officer_fes, mode="valid_only")
    messages = {e.row: e.message for e in report.errors}
    assert report.created == 1
    assert set(messages) == {2, 4, 5, 6, 7, 8}
    assert messages[4].startswith("Même pièce d'identité qu'à la ligne 2, refusée : une personne n'a qu'une demande")
    assert messages[6].startswith("Même pièce d'identité qu'à la ligne 5, refusée")
    assert "CIN invalide" in messages[8]


@pytest.mark.django_db
def test_a_cin_repeated_after_an_imported_row_keeps_the_plain_reason(write, activities, officer_fes):
    report = import_file(write([good_row(0), good_row(1, cin="AB100000")]), actor=officer_fes, mode="valid_only")
    assert [e.message for e in report.errors] == ["Même pièce d'identité qu'à la ligne 2."]


# --- Name keys: particles attached or apart ---------------------------------------------------------------------

# Real variants from the shared list of Moroccan names (family name → spellings people write), each differing from
# the first by a particle written attached, apart, assimilated or left out.
PARTICLE_FAMILIES = [
    "Fassi", "Alaoui", "Idrissi", "Tazi", "Benjelloun", "Chraibi", "Kettani", "Benkirane", "Bensouda", "El Amrani",
    "El Mansouri", "Ouazzani", "Ziani", "Bakkali", "Haddad", "Naji", "Sebti", "Tahiri", "Benali", "Benmoussa",
    "Ait Ali", "Ait Ahmed", "Ait Said", "Ait Hammou", "Boutaleb", "Benabdellah", "Bencheikh", "Benhaddou",
    "Boukhari", "Ouardi", "Ouali", "El Baz", "Bouchikhi", "Khattabi", "Filali", "Hassani", "Hilali", "Jabri",
]  # fmt: skip


# The article reduced to an "L" glued to a name beginning with a vowel ("Lamrani" for El Amrani) stays apart: from the
# Latin letters alone it cannot be told from a name's own l ("Lahlou", "Lazrak"), and merging them would flag every
# Lahlou born on a day as an Ahlou (docs/register.md).
L_CONTRACTED = {"Lamrani"}


def _variants():
    with NAMES.open(encoding="utf-8") as handle:
        rows = {row["latin"]: row for row in csv.DictReader(handle) if row["kind"] == "family"}
    for family in PARTICLE_FAMILIES:
        row = rows[family]
        spellings = [
            row["latin"],
            row["arabic"],
            *(v for v in row["variants"].split("|") if v not in ("", *L_CONTRACTED)),
        ]
        yield pytest.param(family, spellings, id=family)


@pytest.mark.parametrize(("family", "spellings"), list(_variants()))
def test_every_spelling_of_a_family_name_with_particles_shares_its_key(family, spellings):
    keys = {spelling: name_key("Mohamed", spelling) for spelling in spellings}
    assert len(set(keys.values())) == 1, keys


@pytest.mark.parametrize(
    "spellings",
    [
        ["El Fassi", "Elfassi", "Al Fassi", "Al-Fassi", "Fassi", "الفاسي"],
        ["Ben Ali", "Benali", "Bin Ali", "بن علي", "بنعلي"],
        ["Aït Baha", "Ait Baha", "Ait-Baha", "Aitbaha", "آيت باها"],
        ["Ou Hammou", "Ouhammou", "Ou-Hammou"],
        ["Et-Tahiri", "Ettahiri", "Tahiri"],
        ["Echchraibi", "Ech-Chraibi", "Chraibi"],
    ],
)
def test_particles_attached_or_apart_give_one_key(spellings):
    assert len({name_key("Youssef", s) for s in spellings}) == 1


def test_particles_do_not_merge_different_families():
    assert name_key("Mohamed", "Ait Ali") != name_key("Mohamed", "Ali")  # Aït is no article
    assert name_key("Mohamed", "Alaoui") != name_key("Mohamed", "Aoui")  # Alaoui's l is the name's own
    assert name_key("Mohamed", "Benali") != name_key("Mohamed", "Ali")
    assert name_key("Abdelaziz", "Tazi") == name_key("Abd el Aziz", "Tazi") == name_key("عبد العزيز", "التازي")


@pytest.mark.django_db
def test_mohamed_elfassi_is_flagged_against_mohammed_el_fassi_born_the_same_day(write, submit, officer_fes):
    known = submit(
        cin="KK111111", first_name="Mohammed", last_name="El Fassi", birth_date=timezone.datetime(1988, 4, 2).date()
    )
    rows = [
        good_row(0, prenom="Mohamed", nom="Elfassi", prenom_ar="", nom_ar="", date_naissance="02/04/1988"),
        good_row(1, prenom="Mouhamad", nom="Al Fassi", prenom_ar="", nom_ar="", date_naissance="1988-04-02"),
    ]
    report = import_file(write(rows), actor=officer_fes, mode="valid_only")
    assert report.created == 2
    flagged = {s.person.cin for s in DuplicateSuspicion.objects.filter(other=known.person).select_related("person")}
    assert flagged == {"AB100000", "AB100001"}


@pytest.mark.django_db
def test_validation_alone_names_the_first_row_of_a_repeated_cin(write, activities, officer_fes):
    rows = [good_row(0), good_row(1), good_row(2, cin="AB100001"), good_row(3, cin="AB100000")]
    report = import_file(write(rows), actor=officer_fes, mode="validate")
    assert [(e.row, e.message) for e in report.errors] == [
        (4, "Même pièce d'identité qu'à la ligne 3."), (5, "Même pièce d'identité qu'à la ligne 2."),
    ]  # fmt: skip


def test_the_first_rows_of_a_file_survive_growth_and_colliding_hashes(monkeypatch):
    seen = _FirstRows()
    for number in range(2, 5000):  # from 1,024 slots to 8,192
        assert seen.meet(f"cin\x1fAB{number}", number, refused=number == 4321) is None
    assert seen.meet("cin\x1fAB2", 6000) == (2, False)
    assert seen.meet("cin\x1fAB4321", 6001) == (4321, True)
    seen.refuse("cin\x1fAB4999")
    assert seen.meet("cin\x1fAB4999", 6002) == (4999, True)
    # Every identity under the same first hash: the second one tells them apart.
    monkeypatch.setattr(_FirstRows, "_hashes", staticmethod(lambda identity: (7, hash(identity + "\x1e") >> 32)))
    colliding = _FirstRows()
    for number in range(2, 300):
        assert colliding.meet(f"cin\x1fAB{number}", number) is None
    assert colliding.meet("cin\x1fAB150", 400) == (150, False)
    assert colliding.meet("cin\x1fAB999", 401) is None
