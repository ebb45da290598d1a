"""Models that moved between apps (taxonomies to base, memberships to cities, city
challenges to matching) keep their tables, and their content types follow them."""

import importlib

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType

from base.models import SDG, Criterion, Pillar, Sector
from cities.models import Membership
from matching.models import CityChallenge

moved = importlib.import_module("base.migrations.0002_moved_models_content_types")


def test_the_moved_models_keep_the_tables_of_their_first_apps():
    assert {model._meta.db_table for model in (Pillar, SDG, Criterion, Sector)} == {
        "practices_pillar",
        "practices_sdg",
        "practices_criterion",
        "cities_sector",
    }
    assert Membership._meta.db_table == "portal_membership"
    assert CityChallenge._meta.db_table == "cities_citychallenge"


@pytest.mark.django_db
def test_a_content_type_of_the_old_app_follows_its_model():
    ContentType.objects.filter(app_label="base", model="pillar").delete()
    old = ContentType.objects.create(app_label="practices", model="pillar")
    moved.relabel(apps, None)
    old.refresh_from_db()
    assert (old.app_label, old.model) == ("base", "pillar")


@pytest.mark.django_db
def test_a_content_type_already_in_the_new_app_is_left_alone():
    current = ContentType.objects.get_for_model(Sector)
    stale = ContentType.objects.create(app_label="cities", model="sector")
    moved.relabel(apps, None)
    stale.refresh_from_db()
    current.refresh_from_db()
    assert (stale.app_label, current.app_label) == ("cities", "base")


@pytest.mark.django_db
def test_relabelling_back_restores_the_old_apps():
    ContentType.objects.filter(app_label="cities", model="membership").delete()
    ContentType.objects.filter(app_label="portal", model="membership").delete()
    membership = ContentType.objects.create(app_label="cities", model="membership")
    moved.relabel_back(apps, None)
    membership.refresh_from_db()
    assert membership.app_label == "portal"
