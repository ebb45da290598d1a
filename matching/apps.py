from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = _("Peer matching")

    def ready(self):
        from . import challenges

        # Here, above the apps whose models send them: the lower apps know nothing of
        # what is derived from their rows.
        challenges.connect_signals()
