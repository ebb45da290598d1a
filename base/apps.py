from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class BaseConfig(AppConfig):
    name = "base"
    verbose_name = _("Reference data and roles")

    def ready(self):
        from . import cache, checks
        from .roles import ensure_role_groups

        checks.register_checks()
        # Cached anonymous responses go stale on any change to the network's content.
        cache.connect_signals()

        # Not limited to this app's signal: the content apps' permissions are created
        # after it, by their own post_migrate.
        post_migrate.connect(ensure_role_groups, dispatch_uid="base.ensure_role_groups")
