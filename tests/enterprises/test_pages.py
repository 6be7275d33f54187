import csv
import io
import re
from datetime import date
from html.parser import HTMLParser

import pytest

from moukawil.enterprises.models import Enterprise

ICE_DIGITAL, ICE_BATIMENT, ICE_NOUR = "001561191000066", "002034567000022", "003123456000040"


@pytest.fixture
def three_enterprises(make_enterprise):
    make_enterprise(name="Atlas Digital", ice=ICE_DIGITAL)
    make_enterprise(name="Atlas Bâtiment", ice=ICE_BATIMENT, last_turnover="5000000")  # a small enterprise
    return make_enterprise(name="Nour Conseil", ice=ICE_NOUR, rc_number="77001")


def page_names(client, params) -> list[str]:
    page = client.get("/entreprises/", params).content.decode()
    table = page[page.index('data-testid="enterprises"') :]
    return re.findall(r'<a href="/entreprises/\d+/">([^<]+)</a>', table)


def export_names(client, params) -> list[str]:
    content = b"".join(client.get("/entreprises/export/", params).streaming_content).decode("utf-8-sig")
    return [row[0] for row in list(csv.reader(io.StringIO(content), delimiter=";"))[1:]]


def api_names(client, params) -> list[str]:
    return [e["name"] for e in client.get("/api/v1/enterprises", params).json()["items"]]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("page_params", "api_params", "expected"),
    [
        ({"q": "001 561 191 000 066"}, {"q": "001 561 191 000 066"}, ["Atlas Digital"]),  # an ICE, typed with spaces
        ({"q": ICE_NOUR}, {"q": ICE_NOUR}, ["Nour Conseil"]),
        ({"q": "77001"}, {"q": "77001"}, ["Nour Conseil"]),  # an RC number
        ({"q": "atlas"}, {"q": "atlas"}, ["Atlas Bâtiment", "Atlas Digital"]),
        ({"q": "atlas", "taille": "small"}, {"q": "atlas", "size_class": "small"}, ["Atlas Bâtiment"]),
        ({"taille": "tpe"}, {"size_class": "tpe"}, ["Atlas Digital", "Nour Conseil"]),
        ({"region": "03"}, {"region": "03"}, ["Atlas Bâtiment", "Atlas Digital", "Nour Conseil"]),
        ({"region": "06"}, {"region": "06"}, []),
    ],
)
def test_the_list_its_export_and_the_api_return_the_same_rows(
    client, as_user, agency_officer, three_enterprises, page_params, api_params, expected
):
    client.force_login(agency_officer)
    assert page_names(client, page_params) == expected
    assert export_names(client, page_params) == expected
    assert api_names(as_user(agency_officer), api_params) == expected


@pytest.mark.django_db
def test_a_wrong_size_filter_is_named_on_the_page_and_refused_by_the_api(client, as_user, agency_officer,
                                                                         three_enterprises):  # fmt: skip
    client.force_login(agency_officer)
    page = client.get("/entreprises/", {"taille": "géante"}).content.decode()
    assert 'id="id_taille_error"' in page and "Nour Conseil" in page
    response = as_user(agency_officer).get("/api/v1/enterprises", {"size_class": "géante"})
    assert response.status_code == 400 and response.json()["field"] == "size_class"


@pytest.mark.django_db
def test_a_regional_officer_lists_and_exports_only_his_region(client, officer_casa, three_enterprises):
    client.force_login(officer_casa)
    assert page_names(client, {"q": ICE_NOUR}) == export_names(client, {"q": ICE_NOUR}) == []


@pytest.mark.django_db
def test_the_enterprises_xlsx_holds_turnover_and_employees_as_numbers(client, agency_officer, three_enterprises):
    from openpyxl import load_workbook

    client.force_login(agency_officer)
    sheet = load_workbook(io.BytesIO(client.get("/entreprises/export/", {"q": ICE_BATIMENT, "format": "xlsx"}).content))
    header, row = list(sheet.active.iter_rows(values_only=True))
    turnover, employees = row[header.index("Chiffre d'affaires")], row[header.index("Effectif")]
    assert turnover == 5000000 and isinstance(employees, int)
    assert row[header.index("Année")] in (None, "") or row[header.index("Année")].isdigit()  # a year, not « 2,023 »


class _FormValues(HTMLParser):
    """What a browser submits from a page's form as rendered: a date input keeps its value only when it is ISO
    (AAAA-MM-JJ), as the HTML standard's value sanitisation says; unchecked boxes and radios send nothing."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, str] = {}
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("name") and a.get("type") not in ("submit", "hidden"):
            value = a.get("value") or ""
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    self.values[a["name"]] = value or "on"
            elif a.get("type") == "date":
                self.values[a["name"]] = value if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else ""
            else:
                self.values[a["name"]] = value
        elif tag == "select":
            self._select = a.get("name")
            self.values.setdefault(self._select or "", "")
        elif tag == "option" and self._select and "selected" in a:
            self.values[self._select] = a.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "ar"])
def test_an_officer_edits_an_enterprise_without_retyping_its_creation_date(client, officer_fes, make_enterprise,
                                                                          language):  # fmt: skip
    enterprise = make_enterprise(name="Atlas Digital", created_on=date(2018, 3, 1))
    client.force_login(officer_fes)
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    url = f"/entreprises/{enterprise.pk}/modifier/"
    parser = _FormValues()
    parser.feed(client.get(url).content.decode())
    assert parser.values["created_on"] == "2018-03-01"
    response = client.post(url, {**parser.values, "employees": "4"})
    assert response.status_code == 302, response.content.decode()
    enterprise = Enterprise.objects.get(pk=enterprise.pk)
    assert (enterprise.employees, enterprise.created_on) == (4, date(2018, 3, 1))


@pytest.mark.django_db
def test_the_list_reads_a_fixed_number_of_queries(client, agency_officer, make_enterprise,
                                                  django_assert_max_num_queries):  # fmt: skip
    for _ in range(12):
        make_enterprise()
    client.force_login(agency_officer)
    with django_assert_max_num_queries(5):  # session, user, count, rows (sector, region joined), regions
        assert client.get("/entreprises/").status_code == 200
