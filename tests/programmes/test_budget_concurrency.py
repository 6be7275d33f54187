from decimal import Decimal

import pytest

from moukawil.core.errors import Conflict
from moukawil.programmes.models import Benefit
from moukawil.programmes.services import application_create, application_transition, assessment_save, subsidy_commit
from tests.registry.test_concurrency import in_parallel


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_commitments_against_a_budget_for_ten_commit_exactly_ten(
    open_call, make_enterprise, officer_fes
):
    call = open_call("infitah", budget=str(Decimal("897.00") * 10))
    applications = []
    for _ in range(20):
        application = application_create(actor=officer_fes, call=call, enterprise=make_enterprise())
        application_transition(actor=officer_fes, application=application, name="start_review")
        assessment_save(actor=officer_fes, application=application, score=14, comment="Éligible")
        applications.append(application_transition(actor=officer_fes, application=application, name="accept"))
    outcomes = in_parallel(20, lambda i: subsidy_commit(actor=officer_fes, application=applications[i]))
    refused = [o for o in outcomes if isinstance(o, Exception)]
    assert len(refused) == 10 and all(isinstance(r, Conflict) and "Budget" in r.message for r in refused), refused[:2]
    assert Benefit.objects.filter(kind="subsidy").count() == 10
    call.refresh_from_db()
    assert call.committed == call.budget == Decimal("8970.00")
