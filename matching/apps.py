from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = _("Peer matching")

    def ready(self):
        from follows.sources import register_digest_source

        from . import challenges
        from .digest import ChallengeDigestSource

        # Here, above the apps whose models send them: the lower apps know nothing of
        # what is derived from their rows.
        challenges.connect_signals()
        register_digest_source(ChallengeDigestSource())
