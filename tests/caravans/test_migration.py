"""The data migration of the campaign and stop states: what was shown is published, a past stop closed."""

from datetime import date, time, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("caravans", "0001_initial")]
AFTER = [("caravans", "0002_campaign_stop_states")]


@pytest.fixture
def back_to_the_latest_schema():
    """The test leaves the database at ``AFTER``: every later migration is applied again after it, so that the tests
    run after this one in the same session (the browser tests' stops with ``venue_ar``) find today's tables."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_existing_rows_get_their_states(territory, back_to_the_latest_schema):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Campaign, Stop = old.get_model("caravans", "Campaign"), old.get_model("caravans", "Stop")
    Province = old.get_model("territory", "Province")
    fes = Province.objects.get(code="MA-FES")
    shown = Campaign.objects.create(code="vue", title_fr="Vue", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31),
                                    is_published=True)  # fmt: skip
    hidden = Campaign.objects.create(code="cachee", title_fr="Cachée", starts_on=date(2026, 1, 1),
                                     ends_on=date(2026, 12, 31), is_published=False)  # fmt: skip
    today = timezone.localdate()
    common = {"campaign": shown, "province": fes, "region_id": fes.region_id, "venue": "CCIS", "opens_at": time(9),
              "closes_at": time(17), "capacity": 10}  # fmt: skip
    past = Stop.objects.create(city="Passée", day=today - timedelta(days=1), **common)
    coming = Stop.objects.create(city="À venir", day=today, **common)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    Campaign, Stop = new.get_model("caravans", "Campaign"), new.get_model("caravans", "Stop")
    assert Campaign.objects.get(pk=shown.pk).state == "published"
    assert Campaign.objects.get(pk=hidden.pk).state == "draft"
    assert Stop.objects.get(pk=past.pk).state == "closed" and Stop.objects.get(pk=coming.pk).state == "scheduled"
