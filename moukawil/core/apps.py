from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "moukawil.core"
    label = "core"
    verbose_name = "Noyau"
