from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate, pre_migrate
from django.utils.translation import gettext_lazy as _


class BaseConfig(AppConfig):
    name = "base"
    verbose_name = _("Reference data and roles")

    def ready(self):
        from . import cache, checks, fulltext, similarity
        from .roles import ensure_role_groups

        checks.register_checks()
        # SQLite's search indexes: the function their triggers call, on every connection;
        # the triggers, off while migrating (see base.fulltext). Once per migrate.
        connection_created.connect(
            fulltext.register_sqlite_functions, dispatch_uid="base.fulltext.sqlite_functions"
        )
        connection_created.connect(
            similarity.register_sqlite_functions, dispatch_uid="base.similarity.sqlite_functions"
        )
        pre_migrate.connect(
            fulltext.drop_sqlite_triggers, sender=self, dispatch_uid="base.fulltext.drop"
        )
        post_migrate.connect(
            fulltext.install_sqlite_triggers, sender=self, dispatch_uid="base.fulltext.install"
        )
        # Cached anonymous responses go stale on any change to the network's content.
        cache.connect_signals()

        # Not limited to this app's signal: the content apps' permissions are created
        # after it, by their own post_migrate.
        post_migrate.connect(ensure_role_groups, dispatch_uid="base.ensure_role_groups")
