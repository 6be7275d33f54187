from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "moukawil.rules"
    label = "rules"
    verbose_name = "Règles datées"
