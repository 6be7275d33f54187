"""The applications and registrations lists write their rows straight to JSON (``api.pagination.written_as_json``),
without the response schema validating them again: each row must be what the schema writes — the same as the
one-object endpoint, which the schema does write, for the same file and the same reader (masked or not)."""

import pytest

from moukawil.accounts.enums import Role
from moukawil.registry.models import Application
from moukawil.registry.services import application_transition
from tests.factories import UserFactory


def _rows_and_details(client, token, kind, key):
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    listed = client.get(f"/api/v1/{kind}?limit=50")
    assert listed.status_code == 200 and listed["Content-Type"] == "application/json; charset=utf-8"
    items = listed.json()["items"]
    return [(row, client.get(f"/api/v1/{kind}/{row[key]}").json()) for row in items]


@pytest.mark.django_db
def test_each_listed_row_is_what_the_schema_writes_for_that_file(client, submit, officer_fes, territory):
    from moukawil.accounts.services import api_token_create

    approved = submit(cin="BK5001")
    application_transition(actor=officer_fes, application=approved, name="approve")
    submit(cin="BK5002")  # waiting, with its checks (stored with more keys than the list shows)
    assert set(Application.objects.get(person__cin="BK5002").checks[0]) > {"code", "passed", "reason"}
    viewer = UserFactory(role=Role.VIEWER)  # the ministry: CIN and birth date masked
    for reader in (officer_fes, viewer):
        token = api_token_create(actor=reader, user=reader, name="lignes")[1]
        applications = _rows_and_details(client, token, "applications", "reference")
        registrations = _rows_and_details(client, token, "registrations", "number")
        assert len(applications) == 2 and len(registrations) == 1
        for row, detail in applications + registrations:
            assert row == detail  # every field, its value and format, nothing more
            assert list(row) == list(detail)  # in the schema's order
        cins = {row["person"]["cin"] for row, _detail in applications}
        assert cins == ({"BK5001", "BK5002"} if reader == officer_fes else {"BK••01", "BK••02"})
