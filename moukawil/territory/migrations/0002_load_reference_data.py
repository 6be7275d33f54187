"""Loads the 12 regions, 75 prefectures and provinces and the 12 chambers shipped in territory/data/."""

from django.db import migrations


def load(apps, schema_editor):
    from moukawil.territory.reference import load_territory

    load_territory(apps.get_model("territory", "Region"), apps.get_model("territory", "Province"),
                   apps.get_model("territory", "Organisation"))


class Migration(migrations.Migration):
    dependencies = [("territory", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
