"""Loads the courts (RC) and the sectors shipped in enterprises/data/."""

from django.db import migrations


def load(apps, schema_editor):
    from moukawil.enterprises.reference import load_reference

    load_reference(
        apps.get_model("enterprises", "Court"), apps.get_model("enterprises", "Sector"),
        apps.get_model("territory", "Region"),
    )  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0001_initial"), ("territory", "0002_load_reference_data")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
