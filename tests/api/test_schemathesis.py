"""Schemathesis against the API's own OpenAPI document, anonymous and with an agency officer's token: whatever it
sends — data that fits the document and data that does not — no server error, and every answer is one the
document lists, in the shape it gives (status code, content type, body schema).

Each operation is tried with ``MAX_EXAMPLES`` generated requests per mode, derandomised (a failure comes back the
same), so that the whole run stays within a few minutes on two cores, on SQLite and on PostgreSQL alike. The
operations are walked here rather than through schemathesis' pytest plugin, whose parametrisation does not run
under this project's pytest; every failure is collected, so one run lists them all."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

MAX_EXAMPLES = 4
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture(autouse=True)
def _connection_kept():
    """The WSGI application closes the database connection after each request (as a server does); the test's
    transaction lives on it, so it is kept open here, as Django's test client does."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _failures(headers: dict) -> list[str]:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=MAX_EXAMPLES,
                deadline=None,
                derandomize=True,
                database=None,
                phases=[Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            def attempt(case):
                case.call_and_validate(headers=headers, checks=CHECKS)

            try:
                attempt()
            except Unsatisfiable:  # nothing can break this operation's document (no input, or free text only)
                continue
            except (Exception, BaseExceptionGroup) as exc:
                failures.append(f"{operation.label} ({mode}): {str(exc)[:1500]}")
    return failures


@pytest.mark.django_db
def test_the_api_answers_an_anonymous_client_as_its_document_says(programmes, activities):
    failures = _failures({})
    assert not failures, "\n\n".join(failures)


@pytest.mark.django_db
def test_the_api_answers_an_agency_officer_as_its_document_says(programmes, activities, agency_officer):
    from moukawil.accounts.services import api_token_create

    _token, raw = api_token_create(actor=agency_officer, user=agency_officer, name="schemathesis")
    failures = _failures({"Authorization": f"Bearer {raw}"})
    assert not failures, "\n\n".join(failures)
