import pytest

from moukawil.core.errors import Conflict
from moukawil.declarations.models import Declaration
from moukawil.declarations.periods import Period
from moukawil.declarations.services import declaration_submit
from tests.registry.test_concurrency import in_parallel


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_submissions_of_one_period_make_one_declaration(registration, applicant_user):
    period = Period(2024, "quarterly", 1)
    outcomes = in_parallel(
        50,
        lambda i: declaration_submit(
            actor=applicant_user, registration=registration, period=period, goods=str(100 + i), services="0"
        ),
    )
    refusals = [o for o in outcomes if isinstance(o, Exception)]
    assert len(refusals) == 49
    assert all(isinstance(r, Conflict) and "déjà déclarée" in r.message for r in refusals), refusals[:3]
    assert Declaration.objects.count() == 1
