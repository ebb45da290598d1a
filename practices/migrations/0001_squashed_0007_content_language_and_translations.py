# Practices, their results, translations, reviews, review cards and adoptions, their
# history and search vector. Squashed from practices 0001-0007 (see replaces).

import base.content
import django.contrib.postgres.search
import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models

from base.fulltext import current_install_sql, run_on_postgresql, uninstall_sql


class Migration(migrations.Migration):
    initial = True

    # The migrations of the crossed graph this one stands for: a database that applied
    # them has everything this creates, and is only recorded as having applied it.
    replaces = [
        ("practices", "0001_initial"),
        ("practices", "0002_reference_data"),
        ("practices", "0003_review"),
        ("practices", "0004_review_cards_and_reminders"),
        ("practices", "0005_search_vector"),
        ("practices", "0006_performance_indexes"),
        ("practices", "0007_content_language_and_translations"),
    ]

    dependencies = [
        ("base", "0001_initial"),
        ("cities", "0001_squashed_0005_city_challenges"),
        ("exchanges", "0001_squashed_0006_content_language_and_translations"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalPractice",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("slug", models.SlugField(max_length=120, verbose_name="slug")),
                ("title", models.CharField(max_length=250, verbose_name="title")),
                ("summary", models.TextField(verbose_name="summary")),
                (
                    "description",
                    models.TextField(blank=True, help_text="Markdown.", verbose_name="description"),
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
                        default="en",
                        help_text="The language the title, summary and text are written in.",
                        max_length=2,
                        verbose_name="language",
                    ),
                ),
                (
                    "start_year",
                    models.PositiveSmallIntegerField(
                        blank=True, null=True, verbose_name="start year"
                    ),
                ),
                (
                    "end_year",
                    models.PositiveSmallIntegerField(
                        blank=True, null=True, verbose_name="end year"
                    ),
                ),
                ("source_url", models.URLField(blank=True, max_length=500, verbose_name="source")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Draft"),
                            ("submitted", "Submitted"),
                            ("changes-requested", "Changes requested"),
                            ("published", "Published"),
                            ("rejected", "Rejected"),
                        ],
                        default="draft",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                ("reviewer_comment", models.TextField(blank=True, verbose_name="reviewer comment")),
                (
                    "published_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="published at"),
                ),
                (
                    "verified_on",
                    models.DateField(blank=True, null=True, verbose_name="verified on"),
                ),
                (
                    "stale_reminder_sent_on",
                    models.DateField(
                        blank=True,
                        help_text="Cleared at each verification, so the submitter is reminded once.",
                        null=True,
                        verbose_name="stale reminder sent on",
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(blank=True, editable=False, verbose_name="created at"),
                ),
                (
                    "updated_at",
                    models.DateTimeField(blank=True, editable=False, verbose_name="updated at"),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "city",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="cities.city",
                        verbose_name="city",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "submitted_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="submitted by",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical good practice",
                "verbose_name_plural": "historical good practices",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Practice",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("slug", models.SlugField(max_length=120, unique=True, verbose_name="slug")),
                ("title", models.CharField(max_length=250, verbose_name="title")),
                ("summary", models.TextField(verbose_name="summary")),
                (
                    "description",
                    models.TextField(blank=True, help_text="Markdown.", verbose_name="description"),
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
                        default="en",
                        help_text="The language the title, summary and text are written in.",
                        max_length=2,
                        verbose_name="language",
                    ),
                ),
                (
                    "start_year",
                    models.PositiveSmallIntegerField(
                        blank=True, null=True, verbose_name="start year"
                    ),
                ),
                (
                    "end_year",
                    models.PositiveSmallIntegerField(
                        blank=True, null=True, verbose_name="end year"
                    ),
                ),
                ("source_url", models.URLField(blank=True, max_length=500, verbose_name="source")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Draft"),
                            ("submitted", "Submitted"),
                            ("changes-requested", "Changes requested"),
                            ("published", "Published"),
                            ("rejected", "Rejected"),
                        ],
                        default="draft",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                ("reviewer_comment", models.TextField(blank=True, verbose_name="reviewer comment")),
                (
                    "published_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="published at"),
                ),
                (
                    "verified_on",
                    models.DateField(blank=True, null=True, verbose_name="verified on"),
                ),
                (
                    "stale_reminder_sent_on",
                    models.DateField(
                        blank=True,
                        help_text="Cleared at each verification, so the submitter is reminded once.",
                        null=True,
                        verbose_name="stale reminder sent on",
                    ),
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
                    "city",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="practices",
                        to="cities.city",
                        verbose_name="city",
                    ),
                ),
                (
                    "countries",
                    models.ManyToManyField(
                        blank=True,
                        related_name="practices",
                        to="cities.country",
                        verbose_name="countries",
                    ),
                ),
                (
                    "criteria",
                    models.ManyToManyField(
                        blank=True,
                        related_name="practices",
                        to="base.criterion",
                        verbose_name="criteria met",
                    ),
                ),
                (
                    "events",
                    models.ManyToManyField(
                        blank=True,
                        related_name="practices",
                        to="exchanges.event",
                        verbose_name="related events",
                    ),
                ),
                (
                    "organizations",
                    models.ManyToManyField(
                        blank=True,
                        related_name="practices",
                        to="cities.organization",
                        verbose_name="implementing partners",
                    ),
                ),
                (
                    "pillars",
                    models.ManyToManyField(
                        blank=True,
                        related_name="practices",
                        to="base.pillar",
                        verbose_name="pillars",
                    ),
                ),
                (
                    "sdgs",
                    models.ManyToManyField(
                        blank=True, related_name="practices", to="base.sdg", verbose_name="SDGs"
                    ),
                ),
                (
                    "sectors",
                    models.ManyToManyField(
                        blank=True,
                        related_name="practices",
                        to="base.sector",
                        verbose_name="sectors",
                    ),
                ),
                (
                    "submitted_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="submitted_practices",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="submitted by",
                    ),
                ),
            ],
            options={
                "verbose_name": "good practice",
                "verbose_name_plural": "good practices",
                "ordering": ["-published_at", "title"],
            },
            bases=(base.content.TranslatableContent, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalPractice_sectors",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="practices.historicalpractice",
                    ),
                ),
                (
                    "sector",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="base.sector",
                    ),
                ),
                (
                    "practice",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="practices.practice",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalPractice_sectors",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalPractice_sdgs",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="practices.historicalpractice",
                    ),
                ),
                (
                    "sdg",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="base.sdg",
                    ),
                ),
                (
                    "practice",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="practices.practice",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalPractice_sdgs",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalPractice_pillars",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="practices.historicalpractice",
                    ),
                ),
                (
                    "pillar",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="base.pillar",
                    ),
                ),
                (
                    "practice",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="practices.practice",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalPractice_pillars",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalPractice_organizations",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="practices.historicalpractice",
                    ),
                ),
                (
                    "organization",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="cities.organization",
                    ),
                ),
                (
                    "practice",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="practices.practice",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalPractice_organizations",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalPractice_criteria",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "criterion",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="base.criterion",
                    ),
                ),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="practices.historicalpractice",
                    ),
                ),
                (
                    "practice",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="practices.practice",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalPractice_criteria",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalPractice_countries",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "country",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="cities.country",
                    ),
                ),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="practices.historicalpractice",
                    ),
                ),
                (
                    "practice",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="practices.practice",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalPractice_countries",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Adoption",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "stage",
                    models.CharField(
                        choices=[
                            ("exploring", "Exploring"),
                            ("adapting", "Adapting"),
                            ("adopted", "Adopted"),
                            ("abandoned", "Abandoned"),
                        ],
                        max_length=16,
                        verbose_name="stage",
                    ),
                ),
                (
                    "year",
                    models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="year"),
                ),
                ("notes", models.TextField(blank=True, verbose_name="notes")),
                (
                    "evidence_url",
                    models.URLField(blank=True, max_length=500, verbose_name="evidence"),
                ),
                (
                    "city",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="adoptions",
                        to="cities.city",
                        verbose_name="city",
                    ),
                ),
                (
                    "event",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="adoptions",
                        to="exchanges.event",
                        verbose_name="event where the city learned it",
                    ),
                ),
                (
                    "practice",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="adoptions",
                        to="practices.practice",
                        verbose_name="practice",
                    ),
                ),
            ],
            options={
                "verbose_name": "adoption",
                "verbose_name_plural": "adoptions",
                "ordering": ["practice", "city"],
            },
        ),
        migrations.CreateModel(
            name="PracticeTranslation",
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
                    "practice",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="translations",
                        to="practices.practice",
                        verbose_name="practice",
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
            name="Result",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("indicator", models.CharField(max_length=250, verbose_name="indicator")),
                (
                    "value_before",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=16,
                        null=True,
                        verbose_name="value before",
                    ),
                ),
                (
                    "value_after",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=16,
                        null=True,
                        verbose_name="value after",
                    ),
                ),
                ("unit", models.CharField(blank=True, max_length=40, verbose_name="unit")),
                ("position", models.PositiveSmallIntegerField(default=0, verbose_name="position")),
                (
                    "practice",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="results",
                        to="practices.practice",
                        verbose_name="practice",
                    ),
                ),
            ],
            options={
                "verbose_name": "result",
                "verbose_name_plural": "results",
                "ordering": ["practice", "position", "id"],
            },
        ),
        migrations.CreateModel(
            name="Review",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "decision",
                    models.CharField(
                        choices=[
                            ("submitted", "Submitted for review"),
                            ("published", "Published"),
                            ("changes-requested", "Changes requested"),
                            ("rejected", "Rejected"),
                        ],
                        max_length=20,
                        verbose_name="decision",
                    ),
                ),
                ("comment", models.TextField(blank=True, verbose_name="comment")),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="at"),
                ),
                (
                    "by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="practice_reviews",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="by",
                    ),
                ),
                (
                    "practice",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reviews",
                        to="practices.practice",
                        verbose_name="practice",
                    ),
                ),
            ],
            options={
                "verbose_name": "review",
                "verbose_name_plural": "reviews",
                "ordering": ["practice", "created_at", "id"],
            },
        ),
        migrations.CreateModel(
            name="ReviewCard",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("sustainability", models.PositiveSmallIntegerField(verbose_name="sustainability")),
                (
                    "sustainability_justification",
                    models.CharField(max_length=500, verbose_name="why"),
                ),
                ("innovation", models.PositiveSmallIntegerField(verbose_name="innovation")),
                ("innovation_justification", models.CharField(max_length=500, verbose_name="why")),
                (
                    "horizontal_cooperation",
                    models.PositiveSmallIntegerField(verbose_name="horizontal cooperation"),
                ),
                (
                    "horizontal_cooperation_justification",
                    models.CharField(max_length=500, verbose_name="why"),
                ),
                (
                    "evidence_of_results",
                    models.PositiveSmallIntegerField(verbose_name="evidence of results"),
                ),
                (
                    "evidence_of_results_justification",
                    models.CharField(max_length=500, verbose_name="why"),
                ),
                (
                    "review",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="card",
                        to="practices.review",
                        verbose_name="review",
                    ),
                ),
            ],
            options={
                "verbose_name": "review card",
                "verbose_name_plural": "review cards",
            },
        ),
        migrations.AddIndex(
            model_name="practice",
            index=models.Index(
                fields=["status", "-published_at", "title", "id"], name="practice_list_order_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="practice",
            index=models.Index(fields=["status", "title"], name="practice_title_idx"),
        ),
        migrations.AddIndex(
            model_name="practice",
            index=models.Index(fields=["status", "verified_on"], name="practice_verified_idx"),
        ),
        migrations.AddIndex(
            model_name="practice",
            index=models.Index(fields=["status", "start_year"], name="practice_start_year_idx"),
        ),
        migrations.AddIndex(
            model_name="practice",
            index=models.Index(fields=["status", "end_year"], name="practice_end_year_idx"),
        ),
        migrations.AddConstraint(
            model_name="practice",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "status__in",
                        ["draft", "submitted", "changes-requested", "published", "rejected"],
                    )
                ),
                name="practice_status_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="practice",
            constraint=models.CheckConstraint(
                condition=models.Q(("language__in", ["en", "fr", "es", "pt"])),
                name="practice_language_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="practice",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("start_year__isnull", True),
                    models.Q(("start_year__gte", 1900), ("start_year__lte", 2100)),
                    _connector="OR",
                ),
                name="practice_start_year_plausible",
            ),
        ),
        migrations.AddConstraint(
            model_name="practice",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("end_year__isnull", True),
                    ("start_year__isnull", True),
                    ("end_year__gte", models.F("start_year")),
                    _connector="OR",
                ),
                name="practice_end_year_not_before_start",
            ),
        ),
        migrations.AddConstraint(
            model_name="practice",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("status", "published"), _negated=True),
                    models.Q(("published_at__isnull", False), ("verified_on__isnull", False)),
                    _connector="OR",
                ),
                name="practice_published_has_dates",
            ),
        ),
        migrations.AddIndex(
            model_name="adoption",
            index=models.Index(fields=["stage"], name="adoption_stage_idx"),
        ),
        migrations.AddIndex(
            model_name="adoption",
            index=models.Index(fields=["year"], name="adoption_year_idx"),
        ),
        migrations.AddConstraint(
            model_name="adoption",
            constraint=models.UniqueConstraint(
                fields=("practice", "city"), name="adoption_one_per_city"
            ),
        ),
        migrations.AddConstraint(
            model_name="adoption",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("stage__in", ["exploring", "adapting", "adopted", "abandoned"])
                ),
                name="adoption_stage_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="adoption",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("year__isnull", True),
                    models.Q(("year__gte", 1900), ("year__lte", 2100)),
                    _connector="OR",
                ),
                name="adoption_year_plausible",
            ),
        ),
        migrations.AddConstraint(
            model_name="practicetranslation",
            constraint=models.UniqueConstraint(
                fields=("practice", "language"), name="practice_translation_one_per_language"
            ),
        ),
        migrations.AddConstraint(
            model_name="practicetranslation",
            constraint=models.CheckConstraint(
                condition=models.Q(("language__in", ["en", "fr", "es", "pt"])),
                name="practice_translation_language_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="result",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("value_before__isnull", False), ("value_after__isnull", False), _connector="OR"
                ),
                name="result_has_a_value",
            ),
        ),
        migrations.AddConstraint(
            model_name="review",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("decision__in", ["submitted", "published", "changes-requested", "rejected"])
                ),
                name="review_decision_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="review",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("decision__in", ["changes-requested", "rejected"]), _negated=True),
                    models.Q(("comment", ""), _negated=True),
                    _connector="OR",
                ),
                name="review_comment_when_sent_back_or_rejected",
            ),
        ),
        migrations.AddConstraint(
            model_name="reviewcard",
            constraint=models.CheckConstraint(
                condition=models.Q(("sustainability__gte", 1), ("sustainability__lte", 5)),
                name="review_card_sustainability_1_to_5",
            ),
        ),
        migrations.AddConstraint(
            model_name="reviewcard",
            constraint=models.CheckConstraint(
                condition=models.Q(("sustainability_justification", ""), _negated=True),
                name="review_card_sustainability_justified",
            ),
        ),
        migrations.AddConstraint(
            model_name="reviewcard",
            constraint=models.CheckConstraint(
                condition=models.Q(("innovation__gte", 1), ("innovation__lte", 5)),
                name="review_card_innovation_1_to_5",
            ),
        ),
        migrations.AddConstraint(
            model_name="reviewcard",
            constraint=models.CheckConstraint(
                condition=models.Q(("innovation_justification", ""), _negated=True),
                name="review_card_innovation_justified",
            ),
        ),
        migrations.AddConstraint(
            model_name="reviewcard",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("horizontal_cooperation__gte", 1), ("horizontal_cooperation__lte", 5)
                ),
                name="review_card_horizontal_cooperation_1_to_5",
            ),
        ),
        migrations.AddConstraint(
            model_name="reviewcard",
            constraint=models.CheckConstraint(
                condition=models.Q(("horizontal_cooperation_justification", ""), _negated=True),
                name="review_card_horizontal_cooperation_justified",
            ),
        ),
        migrations.AddConstraint(
            model_name="reviewcard",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("evidence_of_results__gte", 1), ("evidence_of_results__lte", 5)
                ),
                name="review_card_evidence_of_results_1_to_5",
            ),
        ),
        migrations.AddConstraint(
            model_name="reviewcard",
            constraint=models.CheckConstraint(
                condition=models.Q(("evidence_of_results_justification", ""), _negated=True),
                name="review_card_evidence_of_results_justified",
            ),
        ),
        migrations.RunPython(
            run_on_postgresql(current_install_sql("practices_practice")),
            run_on_postgresql(uninstall_sql("practices_practice")),
        ),
    ]
