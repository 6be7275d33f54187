"""Name keys computed again: a family name's particles written attached or apart now give one key ("Elfassi" =
"El Fassi"; "Aït Ali" keeps its "t" in both scripts; "عبد العزيز" = "Abdelaziz") — registry/identity.py."""

from django.db import migrations


def recompute(apps, schema_editor):
    from moukawil.registry.identity import name_key

    Person = apps.get_model("registry", "Person")
    fields = ("first_name", "last_name", "first_name_ar", "last_name_ar", "name_key", "name_key_ar")
    changed = []
    for person in Person.objects.only("pk", *fields).iterator(chunk_size=5000):
        key, key_ar = name_key(person.first_name, person.last_name), name_key(person.first_name_ar, person.last_name_ar)
        if (key, key_ar) != (person.name_key, person.name_key_ar):
            person.name_key, person.name_key_ar = key, key_ar
            changed.append(person)
        if len(changed) >= 5000:
            Person.objects.bulk_update(changed, ["name_key", "name_key_ar"])
            changed = []
    Person.objects.bulk_update(changed, ["name_key", "name_key_ar"])


class Migration(migrations.Migration):
    dependencies = [("registry", "0009_trust_data_excluded_professions")]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
