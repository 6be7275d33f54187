"""The signed-in reader is read with his region: the frame's badge and a chamber's filters need it on every page, and
reading it apart was one more statement on each page of a chamber officer or an entrepreneur."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def test_a_chamber_officers_page_reads_his_region_with_him(officer_fes):
    client = Client()
    client.force_login(officer_fes)
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/compte/")
    assert page.status_code == 200
    assert officer_fes.region.name in page.content.decode()  # the badge's title and the account's region
    regions_read = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().startswith("SELECT")
                    and 'FROM "territory_region"' in q["sql"]]  # fmt: skip
    assert regions_read == []


def test_a_deactivated_account_is_signed_out_at_its_next_page(officer_fes):
    client = Client()
    client.force_login(officer_fes)
    officer_fes.is_active = False
    officer_fes.save(update_fields=["is_active"])
    assert client.get("/compte/").status_code == 302
