from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "webhooks"
    verbose_name = _("Webhooks")

    def ready(self):
        from base.personal_data import register_section

        from . import receivers
        from .personal_data import subscriptions_owned

        receivers.connect()
        register_section("webhook_subscriptions", subscriptions_owned)
