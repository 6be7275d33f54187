from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "moukawil.programmes"
    label = "programmes"
    verbose_name = "Programmes d'appui"
