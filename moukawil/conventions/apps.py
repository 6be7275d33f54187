from django.apps import AppConfig


class ConventionsConfig(AppConfig):
    name = "moukawil.conventions"
    label = "conventions"
    verbose_name = "Conventions et objectifs"
