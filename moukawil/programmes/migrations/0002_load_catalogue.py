"""Loads the seed programmes (Infitah, rural TPME promotion, project holders, innovative firms, Moussanada, Imtiaz,
Istitmar, Nawat, Intelaka) from programmes/data/catalogue.yaml."""

from django.db import migrations


def load(apps, schema_editor):
    from moukawil.programmes.reference import load_catalogue

    load_catalogue(apps.get_model("programmes", "Programme"))


class Migration(migrations.Migration):
    dependencies = [("programmes", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
