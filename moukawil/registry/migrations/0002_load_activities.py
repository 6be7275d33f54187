"""Loads the 218 activities open to the status and the excluded professions shipped in registry/data/."""

from django.db import migrations


def load(apps, schema_editor):
    from moukawil.registry.reference import load_activities

    load_activities(apps.get_model("registry", "Activity"), apps.get_model("registry", "ExcludedProfession"))


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
