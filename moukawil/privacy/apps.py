from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "moukawil.privacy"
    label = "privacy"
    verbose_name = _("Données personnelles (loi 09-08)")
