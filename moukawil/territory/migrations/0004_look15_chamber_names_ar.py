"""The Arabic names of the twelve chambers (« غرفة التجارة والصناعة والخدمات لجهة … »): the Arabic pages named them
in French. A name already recorded is kept."""

from django.db import migrations


def load(apps, schema_editor):
    from moukawil.territory.reference import chamber_name_ar

    Organisation = apps.get_model("territory", "Organisation")
    for chamber in Organisation.objects.filter(kind="ccis", name_ar="").select_related("region"):
        chamber.name_ar = chamber_name_ar(chamber.region.name_ar)
        chamber.save(update_fields=["name_ar"])


class Migration(migrations.Migration):
    dependencies = [("territory", "0003_look15_province_names_ar")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
