# Events, participations, registrations, roadmaps and their translations, with their
# search vectors. Squashed from exchanges 0001-0006 (see replaces): the pillars and
# SDGs they point to are base's now, so nothing here waits for the practices app.

import base.content
import django.contrib.postgres.search
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from base.fulltext import current_install_sql, run_on_postgresql, uninstall_sql


class Migration(migrations.Migration):
    initial = True

    # The migrations of the crossed graph this one stands for: a database that applied
    # them has everything this creates, and is only recorded as having applied it.
    replaces = [
        ("exchanges", "0001_initial"),
        ("exchanges", "0002_initial"),
        ("exchanges", "0003_action_updates"),
        ("exchanges", "0004_search_vector"),
        ("exchanges", "0005_performance_indexes"),
        ("exchanges", "0006_content_language_and_translations"),
    ]

    dependencies = [
        ("base", "0001_initial"),
        ("cities", "0001_squashed_0005_city_challenges"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Commitment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.PositiveSmallIntegerField(verbose_name="number")),
                ("text", models.TextField(verbose_name="text")),
                (
                    "sub_points",
                    models.JSONField(blank=True, default=list, verbose_name="sub-points"),
                ),
            ],
            options={
                "verbose_name": "commitment",
                "verbose_name_plural": "commitments",
                "ordering": ["roadmap", "number"],
            },
        ),
        migrations.CreateModel(
            name="Action",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=250, verbose_name="title")),
                ("description", models.TextField(blank=True, verbose_name="description")),
                ("due_date", models.DateField(blank=True, null=True, verbose_name="due date")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("planned", "Planned"),
                            ("in-progress", "In progress"),
                            ("done", "Done"),
                            ("dropped", "Dropped"),
                        ],
                        default="planned",
                        max_length=12,
                        verbose_name="status",
                    ),
                ),
                ("position", models.PositiveSmallIntegerField(default=0, verbose_name="position")),
                (
                    "responsible_cities",
                    models.ManyToManyField(
                        blank=True,
                        related_name="roadmap_actions",
                        to="cities.city",
                        verbose_name="responsible cities",
                    ),
                ),
                (
                    "responsible_organizations",
                    models.ManyToManyField(
                        blank=True,
                        related_name="roadmap_actions",
                        to="cities.organization",
                        verbose_name="responsible organizations",
                    ),
                ),
                (
                    "commitment",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="actions",
                        to="exchanges.commitment",
                        verbose_name="commitment",
                    ),
                ),
            ],
            options={
                "verbose_name": "action",
                "verbose_name_plural": "actions",
                "ordering": ["roadmap", "position", "id"],
            },
        ),
        migrations.CreateModel(
            name="Event",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("slug", models.SlugField(max_length=120, unique=True, verbose_name="slug")),
                ("title", models.CharField(max_length=250, verbose_name="title")),
                (
                    "language",
                    models.CharField(
                        choices=[
                            ("en", "English"),
                            ("fr", "French"),
                            ("es", "Spanish"),
                            ("pt", "Portuguese"),
                        ],
                        default="en",
                        help_text="The language the title, summary and text are written in.",
                        max_length=2,
                        verbose_name="language",
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("peer-learning", "Peer learning event"),
                            ("study-visit", "Study visit"),
                            ("training", "Training"),
                            ("workshop", "Workshop"),
                            ("forum", "Forum"),
                            ("roundtable", "Roundtable"),
                            ("congress-session", "Congress session"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                ("venue", models.CharField(blank=True, max_length=200, verbose_name="venue")),
                ("start_date", models.DateField(verbose_name="start date")),
                ("end_date", models.DateField(verbose_name="end date")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("planned", "Planned"),
                            ("open", "Open for registration"),
                            ("held", "Held"),
                            ("cancelled", "Cancelled"),
                        ],
                        default="planned",
                        max_length=12,
                        verbose_name="status",
                    ),
                ),
                (
                    "modality",
                    models.CharField(
                        choices=[
                            ("south-south", "South-South"),
                            ("triangular", "Triangular"),
                            ("north-south", "North-South"),
                            ("north-north", "North-North"),
                        ],
                        max_length=12,
                        verbose_name="modality",
                    ),
                ),
                (
                    "modality_overridden",
                    models.BooleanField(
                        default=False,
                        help_text="When unset, the modality is computed from the cities and organizations.",
                        verbose_name="modality set by a curator",
                    ),
                ),
                ("summary", models.TextField(verbose_name="summary")),
                ("objectives", models.TextField(blank=True, verbose_name="objectives")),
                ("outcomes", models.TextField(blank=True, verbose_name="outcomes")),
                ("report_url", models.URLField(blank=True, max_length=500, verbose_name="report")),
                (
                    "capacity",
                    models.PositiveIntegerField(blank=True, null=True, verbose_name="capacity"),
                ),
                (
                    "registration_deadline",
                    models.DateField(blank=True, null=True, verbose_name="registration deadline"),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                (
                    "search_vector",
                    django.contrib.postgres.search.SearchVectorField(
                        blank=True, editable=False, null=True
                    ),
                ),
                (
                    "host_city",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="hosted_events",
                        to="cities.city",
                        verbose_name="host city",
                    ),
                ),
                (
                    "organizers",
                    models.ManyToManyField(
                        blank=True,
                        related_name="organized_events",
                        to="cities.organization",
                        verbose_name="organizers",
                    ),
                ),
                (
                    "pillars",
                    models.ManyToManyField(
                        blank=True, related_name="events", to="base.pillar", verbose_name="pillars"
                    ),
                ),
                (
                    "sdgs",
                    models.ManyToManyField(
                        blank=True, related_name="events", to="base.sdg", verbose_name="SDGs"
                    ),
                ),
                (
                    "sectors",
                    models.ManyToManyField(
                        blank=True, related_name="events", to="base.sector", verbose_name="sectors"
                    ),
                ),
                (
                    "supporters",
                    models.ManyToManyField(
                        blank=True,
                        related_name="supported_events",
                        to="cities.organization",
                        verbose_name="supporters",
                    ),
                ),
            ],
            options={
                "verbose_name": "event",
                "verbose_name_plural": "events",
                "ordering": ["-start_date", "title"],
            },
            bases=(base.content.TranslatableContent, models.Model),
        ),
        migrations.CreateModel(
            name="ActionUpdate",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "previous_status",
                    models.CharField(
                        choices=[
                            ("planned", "Planned"),
                            ("in-progress", "In progress"),
                            ("done", "Done"),
                            ("dropped", "Dropped"),
                        ],
                        max_length=12,
                        verbose_name="previous status",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("planned", "Planned"),
                            ("in-progress", "In progress"),
                            ("done", "Done"),
                            ("dropped", "Dropped"),
                        ],
                        max_length=12,
                        verbose_name="status",
                    ),
                ),
                ("at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="at")),
                (
                    "evidence_url",
                    models.URLField(blank=True, max_length=500, verbose_name="evidence"),
                ),
                ("note", models.TextField(blank=True, verbose_name="note")),
                (
                    "action",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="updates",
                        to="exchanges.action",
                        verbose_name="action",
                    ),
                ),
                (
                    "by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="action_updates",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="by",
                    ),
                ),
                (
                    "event",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="action_updates",
                        to="exchanges.event",
                        verbose_name="event that carried it out",
                    ),
                ),
            ],
            options={
                "verbose_name": "action update",
                "verbose_name_plural": "action updates",
                "ordering": ["action", "at", "id"],
            },
        ),
        migrations.AddField(
            model_name="action",
            name="carried_out_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="roadmap_actions_carried_out",
                to="exchanges.event",
                verbose_name="carried out at",
            ),
        ),
        migrations.CreateModel(
            name="EventTranslation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "language",
                    models.CharField(
                        choices=[
                            ("en", "English"),
                            ("fr", "French"),
                            ("es", "Spanish"),
                            ("pt", "Portuguese"),
                        ],
                        max_length=2,
                        verbose_name="language",
                    ),
                ),
                ("title", models.CharField(max_length=250, verbose_name="title")),
                ("summary", models.TextField(blank=True, verbose_name="summary")),
                (
                    "event",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="translations",
                        to="exchanges.event",
                        verbose_name="event",
                    ),
                ),
            ],
            options={
                "verbose_name": "translation",
                "verbose_name_plural": "translations",
                "ordering": ["language"],
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="Participation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("host", "Host"),
                            ("peer", "Peer"),
                            ("learner", "Learner"),
                            ("resource", "Resource city"),
                        ],
                        max_length=10,
                        verbose_name="role",
                    ),
                ),
                (
                    "delegation_size",
                    models.PositiveSmallIntegerField(
                        blank=True, null=True, verbose_name="delegation size"
                    ),
                ),
                ("notes", models.CharField(blank=True, max_length=300, verbose_name="notes")),
                (
                    "city",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="participations",
                        to="cities.city",
                        verbose_name="city",
                    ),
                ),
                (
                    "event",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="participations",
                        to="exchanges.event",
                        verbose_name="event",
                    ),
                ),
            ],
            options={
                "verbose_name": "participation",
                "verbose_name_plural": "participations",
                "ordering": ["event", "role", "city__name"],
            },
        ),
        migrations.CreateModel(
            name="Registration",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                ("email", models.EmailField(max_length=254, verbose_name="email")),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("local-government", "Local government"),
                            ("workers", "Workers' organization"),
                            ("employers", "Employers' organization"),
                            ("informal-economy", "Informal economy"),
                            ("ngo", "Non-governmental organization"),
                            ("academic", "Academic"),
                            ("other", "Other"),
                        ],
                        max_length=20,
                        verbose_name="role",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Pending"),
                            ("confirmed", "Confirmed"),
                            ("waitlisted", "Waitlisted"),
                            ("cancelled", "Cancelled"),
                        ],
                        default="pending",
                        max_length=12,
                        verbose_name="status",
                    ),
                ),
                ("consented_at", models.DateTimeField(verbose_name="consent given at")),
                (
                    "anonymized_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="anonymized at"),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="registered at"
                    ),
                ),
                (
                    "city",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="registrations",
                        to="cities.city",
                        verbose_name="city",
                    ),
                ),
                (
                    "event",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="registrations",
                        to="exchanges.event",
                        verbose_name="event",
                    ),
                ),
                (
                    "registered_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="registrations_made",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="registered by",
                    ),
                ),
            ],
            options={
                "verbose_name": "registration",
                "verbose_name_plural": "registrations",
                "ordering": ["event", "created_at", "id"],
            },
        ),
        migrations.CreateModel(
            name="Roadmap",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("slug", models.SlugField(max_length=120, unique=True, verbose_name="slug")),
                ("title", models.CharField(max_length=250, verbose_name="title")),
                ("adopted_on", models.DateField(verbose_name="adopted on")),
                ("summary", models.TextField(blank=True, verbose_name="summary")),
                (
                    "language",
                    models.CharField(
                        choices=[
                            ("en", "English"),
                            ("fr", "French"),
                            ("es", "Spanish"),
                            ("pt", "Portuguese"),
                        ],
                        default="en",
                        help_text="The language the title, summary and text are written in.",
                        max_length=2,
                        verbose_name="language",
                    ),
                ),
                (
                    "search_vector",
                    django.contrib.postgres.search.SearchVectorField(
                        blank=True, editable=False, null=True
                    ),
                ),
                (
                    "event",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="roadmaps",
                        to="exchanges.event",
                        verbose_name="adopted at",
                    ),
                ),
                (
                    "signatory_cities",
                    models.ManyToManyField(
                        blank=True,
                        related_name="roadmaps_signed",
                        to="cities.city",
                        verbose_name="signatory cities",
                    ),
                ),
                (
                    "signatory_organizations",
                    models.ManyToManyField(
                        blank=True,
                        related_name="roadmaps_signed",
                        to="cities.organization",
                        verbose_name="signatory organizations",
                    ),
                ),
            ],
            options={
                "verbose_name": "roadmap",
                "verbose_name_plural": "roadmaps",
                "ordering": ["-adopted_on", "title"],
            },
            bases=(base.content.TranslatableContent, models.Model),
        ),
        migrations.AddField(
            model_name="commitment",
            name="roadmap",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="commitments",
                to="exchanges.roadmap",
                verbose_name="roadmap",
            ),
        ),
        migrations.AddField(
            model_name="action",
            name="roadmap",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="actions",
                to="exchanges.roadmap",
                verbose_name="roadmap",
            ),
        ),
        migrations.CreateModel(
            name="RoadmapTranslation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "language",
                    models.CharField(
                        choices=[
                            ("en", "English"),
                            ("fr", "French"),
                            ("es", "Spanish"),
                            ("pt", "Portuguese"),
                        ],
                        max_length=2,
                        verbose_name="language",
                    ),
                ),
                ("title", models.CharField(max_length=250, verbose_name="title")),
                ("summary", models.TextField(blank=True, verbose_name="summary")),
                (
                    "roadmap",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="translations",
                        to="exchanges.roadmap",
                        verbose_name="roadmap",
                    ),
                ),
            ],
            options={
                "verbose_name": "translation",
                "verbose_name_plural": "translations",
                "ordering": ["language"],
                "abstract": False,
            },
        ),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(fields=["-start_date", "title", "id"], name="event_list_order_idx"),
        ),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(fields=["end_date"], name="event_end_date_idx"),
        ),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(fields=["status"], name="exchanges_e_status_484194_idx"),
        ),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(fields=["kind"], name="event_kind_idx"),
        ),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(fields=["modality"], name="event_modality_idx"),
        ),
        migrations.AddConstraint(
            model_name="event",
            constraint=models.CheckConstraint(
                condition=models.Q(("end_date__gte", models.F("start_date"))),
                name="event_end_not_before_start",
            ),
        ),
        migrations.AddConstraint(
            model_name="event",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("registration_deadline__isnull", True),
                    ("registration_deadline__lte", models.F("end_date")),
                    _connector="OR",
                ),
                name="event_deadline_not_after_end",
            ),
        ),
        migrations.AddConstraint(
            model_name="event",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("capacity__isnull", True), ("capacity__gte", 0), _connector="OR"
                ),
                name="event_capacity_non_negative",
            ),
        ),
        migrations.AddConstraint(
            model_name="event",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "kind__in",
                        [
                            "peer-learning",
                            "study-visit",
                            "training",
                            "workshop",
                            "forum",
                            "roundtable",
                            "congress-session",
                        ],
                    )
                ),
                name="event_kind_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="event",
            constraint=models.CheckConstraint(
                condition=models.Q(("language__in", ["en", "fr", "es", "pt"])),
                name="event_language_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="event",
            constraint=models.CheckConstraint(
                condition=models.Q(("status__in", ["planned", "open", "held", "cancelled"])),
                name="event_status_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="event",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("modality__in", ["south-south", "triangular", "north-south", "north-north"])
                ),
                name="event_modality_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="actionupdate",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("status__in", ["planned", "in-progress", "done", "dropped"]),
                    ("previous_status__in", ["planned", "in-progress", "done", "dropped"]),
                ),
                name="action_update_statuses_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="eventtranslation",
            constraint=models.UniqueConstraint(
                fields=("event", "language"), name="event_translation_one_per_language"
            ),
        ),
        migrations.AddConstraint(
            model_name="eventtranslation",
            constraint=models.CheckConstraint(
                condition=models.Q(("language__in", ["en", "fr", "es", "pt"])),
                name="event_translation_language_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="participation",
            constraint=models.UniqueConstraint(
                fields=("event", "city"), name="participation_one_per_city"
            ),
        ),
        migrations.AddConstraint(
            model_name="participation",
            constraint=models.CheckConstraint(
                condition=models.Q(("role__in", ["host", "peer", "learner", "resource"])),
                name="participation_role_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="participation",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("delegation_size__isnull", True), ("delegation_size__gte", 0), _connector="OR"
                ),
                name="participation_delegation_non_negative",
            ),
        ),
        migrations.AddIndex(
            model_name="registration",
            index=models.Index(
                fields=["event", "status", "created_at"], name="exchanges_r_event_i_180c63_idx"
            ),
        ),
        migrations.AddConstraint(
            model_name="registration",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "role__in",
                        [
                            "local-government",
                            "workers",
                            "employers",
                            "informal-economy",
                            "ngo",
                            "academic",
                            "other",
                        ],
                    )
                ),
                name="registration_role_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="registration",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("status__in", ["pending", "confirmed", "waitlisted", "cancelled"])
                ),
                name="registration_status_valid",
            ),
        ),
        migrations.AddIndex(
            model_name="roadmap",
            index=models.Index(
                fields=["-adopted_on", "title", "id"], name="roadmap_list_order_idx"
            ),
        ),
        migrations.AddConstraint(
            model_name="roadmap",
            constraint=models.CheckConstraint(
                condition=models.Q(("language__in", ["en", "fr", "es", "pt"])),
                name="roadmap_language_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="commitment",
            constraint=models.UniqueConstraint(
                fields=("roadmap", "number"), name="commitment_number_unique_per_roadmap"
            ),
        ),
        migrations.AddConstraint(
            model_name="commitment",
            constraint=models.CheckConstraint(
                condition=models.Q(("number__gte", 1)), name="commitment_number_positive"
            ),
        ),
        migrations.AddConstraint(
            model_name="action",
            constraint=models.CheckConstraint(
                condition=models.Q(("status__in", ["planned", "in-progress", "done", "dropped"])),
                name="action_status_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="roadmaptranslation",
            constraint=models.UniqueConstraint(
                fields=("roadmap", "language"), name="roadmap_translation_one_per_language"
            ),
        ),
        migrations.AddConstraint(
            model_name="roadmaptranslation",
            constraint=models.CheckConstraint(
                condition=models.Q(("language__in", ["en", "fr", "es", "pt"])),
                name="roadmap_translation_language_valid",
            ),
        ),
        migrations.RunPython(
            run_on_postgresql(
                current_install_sql("exchanges_event") + current_install_sql("exchanges_roadmap")
            ),
            run_on_postgresql(
                uninstall_sql("exchanges_event") + uninstall_sql("exchanges_roadmap")
            ),
        ),
    ]
