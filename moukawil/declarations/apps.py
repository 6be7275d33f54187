from django.apps import AppConfig


class DeclarationsConfig(AppConfig):
    name = "moukawil.declarations"
    label = "declarations"
    verbose_name = "Déclarations de chiffre d'affaires"
