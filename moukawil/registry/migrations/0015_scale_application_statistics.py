"""Extended statistics on (region, state) of the applications (PostgreSQL): the planner estimated a region's open
files as its share of the nation's (9,464 for Fès where there were 3, the open files of a campaign day sitting in
another region) and counted them through the index of every open file instead of the region's partial index
(docs/benchmarks.md, session 7). SQLite has no such statistics: nothing to do there."""

from django.db import migrations

CREATE = (
    "CREATE STATISTICS IF NOT EXISTS application_region_state_stats (dependencies, mcv) "
    "ON region_id, state FROM registry_application"
)
DROP = "DROP STATISTICS IF EXISTS application_region_state_stats"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)
        schema_editor.execute("ANALYZE registry_application")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("registry", "0014_scale_queue_indexes")]
    operations = [migrations.RunPython(create, drop)]
