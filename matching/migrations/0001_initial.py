# What each city works on, under the table name of the cities app that first created it
# (cities 0005, see replaces). A new database has no practices or exchanges yet: there is
# nothing to fill (`rebuild_challenges()` does it after a bulk load).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    # The migrations of the crossed graph this one stands for: a database that applied
    # them has everything this creates, and is only recorded as having applied it.
    replaces = [("cities", "0005_city_challenges")]

    dependencies = [
        ("cities", "0001_squashed_0005_city_challenges"),
    ]

    operations = [
        migrations.CreateModel(
            name="CityChallenge",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("pillar", "Decent Work pillar"),
                            ("sdg", "Sustainable Development Goal"),
                        ],
                        max_length=10,
                    ),
                ),
                ("key", models.CharField(max_length=120)),
                (
                    "city",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="challenges",
                        to="cities.city",
                    ),
                ),
            ],
            options={
                "verbose_name": "city challenge",
                "verbose_name_plural": "city challenges",
                "db_table": "cities_citychallenge",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("city", "kind", "key"), name="city_challenge_unique"
                    )
                ],
            },
        ),
    ]
