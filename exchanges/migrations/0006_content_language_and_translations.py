# Events and roadmaps record the language they are written in and may carry
# translations of their title and summary. Search vectors are then stemmed in each row's
# language and keep the words as written too (portal/fulltext.py): the text search
# configurations of French, Spanish, Portuguese and "as written" are created here, and
# the triggers of cities (English: they have no language), events and roadmaps replaced.

import django.db.models.deletion
from django.db import migrations, models

from portal.fulltext import (
    DROP_LANGUAGE_CONFIGS_SQL,
    LANGUAGE_CONFIGS_SQL,
    SEARCHED_COLUMNS,
    current_install_sql,
    install_sql,
    run_on_postgresql,
)

TABLES = ["cities_city", "exchanges_event", "exchanges_roadmap"]


def first_install_sql():
    return [
        statement for table in TABLES for statement in install_sql(table, SEARCHED_COLUMNS[table])
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("cities", "0005_city_challenges"),
        ("exchanges", "0005_performance_indexes"),
        ("practices", "0006_performance_indexes"),
    ]

    operations = [
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
            ],
            options={
                "verbose_name": "translation",
                "verbose_name_plural": "translations",
                "ordering": ["language"],
                "abstract": False,
            },
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
            ],
            options={
                "verbose_name": "translation",
                "verbose_name_plural": "translations",
                "ordering": ["language"],
                "abstract": False,
            },
        ),
        migrations.AddField(
            model_name="event",
            name="language",
            field=models.CharField(
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
        migrations.AddField(
            model_name="roadmap",
            name="language",
            field=models.CharField(
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
        migrations.AddConstraint(
            model_name="event",
            constraint=models.CheckConstraint(
                condition=models.Q(("language__in", ["en", "fr", "es", "pt"])),
                name="event_language_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="roadmap",
            constraint=models.CheckConstraint(
                condition=models.Q(("language__in", ["en", "fr", "es", "pt"])),
                name="roadmap_language_valid",
            ),
        ),
        migrations.AddField(
            model_name="eventtranslation",
            name="event",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="translations",
                to="exchanges.event",
                verbose_name="event",
            ),
        ),
        migrations.AddField(
            model_name="roadmaptranslation",
            name="roadmap",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="translations",
                to="exchanges.roadmap",
                verbose_name="roadmap",
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
                [LANGUAGE_CONFIGS_SQL]
                + [statement for table in TABLES for statement in current_install_sql(table)]
            ),
            run_on_postgresql([*first_install_sql(), DROP_LANGUAGE_CONFIGS_SQL]),
        ),
    ]
