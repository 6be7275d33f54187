from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "moukawil.demo"
    label = "demo"
    verbose_name = "Données de démonstration"
