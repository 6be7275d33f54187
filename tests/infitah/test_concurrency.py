from decimal import Decimal

import pytest

from moukawil.core.errors import Conflict
from moukawil.infitah import services
from moukawil.infitah.models import PackOrder
from tests.factories import UserFactory
from tests.registry.test_concurrency import in_parallel


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_orders_against_a_budget_for_ten_commit_exactly_ten(
    open_call, make_vendor, make_offer, vendor_user, banks, permit_holder
):
    call = open_call("infitah", budget=str(Decimal("897.00") * 10))
    make_vendor(vendor_user)
    offer = make_offer(vendor_user)
    owners = [UserFactory(email=f"tpe{i}@exemple.ma") for i in range(20)]
    permits = [permit_holder(user) for user in owners]
    outcomes = in_parallel(
        20, lambda i: services.order_create(actor=owners[i], permit=permits[i], offer=offer, bank=banks[0])
    )
    refused = [o for o in outcomes if isinstance(o, Exception)]
    assert len(refused) == 10 and all(isinstance(r, Conflict) and "Budget" in r.message for r in refused), refused[:2]
    assert PackOrder.objects.count() == 10
    call.refresh_from_db()
    assert call.committed == call.budget == Decimal("8970.00")
