"""The demo network: `load_demo` loads the seed documents' network, idempotently,
and bad demo data fails loudly, naming what is wrong."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from cities.models import City, Partnership
from exchanges.models import ActionStatus, Event, Roadmap
from exchanges.rules import Modality, compute_modality
from portal.demo.loader import DemoDataError, load_demo_network
from practices.models import Practice, PracticeStatus
from tests.factories import CityFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_network, db):
    return demo_network


def model_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_load_demo_again_leaves_every_model_count_unchanged(demo):
    loaded = model_counts()
    out = StringIO()

    call_command("load_demo", stdout=out)

    assert model_counts() == loaded
    assert loaded["practices.Practice"] > 0
    assert "practices: " in out.getvalue()


def test_second_load_creates_and_updates_nothing(demo):
    out = StringIO()

    counts = load_demo_network(stdout=out)

    assert counts == demo
    assert out.getvalue()
    assert all("(0 created, 0 updated)" in line for line in out.getvalue().splitlines())


def test_maputo_2012_event_has_its_peers_and_the_computed_modality(demo):
    event = Event.objects.get(start_date__year=2012, start_date__month=11, host_city__slug="maputo")

    participants = set(event.participations.values_list("city__slug", flat=True))

    assert {"durban", "belo-horizonte", "porto-alegre"} <= participants
    assert not event.modality_overridden
    assert event.modality == compute_modality(event)
    # Southern cities only, with the ILO and donors among organizers and supporters.
    assert event.modality == Modality.TRIANGULAR


def test_maputo_roadmap_has_seven_commitments_and_actions_in_four_places(demo):
    roadmap = Roadmap.objects.get(event__host_city__slug="maputo")

    numbers = list(roadmap.commitments.values_list("number", flat=True))
    titles = " ".join(roadmap.actions.values_list("title", flat=True))

    assert numbers == [1, 2, 3, 4, 5, 6, 7]
    for place in ("Dakar", "Durban", "Brazil", "Rabat"):
        assert place in titles


def test_maputo_roadmap_records_what_was_done_and_where(demo):
    roadmap = Roadmap.objects.get(slug="maputo-roadmap-2012")
    durban = roadmap.actions.get(title__startswith="Building the capacities of intermediary")

    assert durban.status == ActionStatus.DONE
    assert durban.carried_out_by.start_date == datetime.date(2013, 3, 18)
    assert durban.commitment.number == 2
    assert 0 < roadmap.progress < 1


def test_lao_pdr_practice_has_its_five_results(demo):
    practice = Practice.objects.get(countries__code="LA", title__icontains="women")

    results = [
        (result.indicator, result.value_before, result.value_after, result.unit)
        for result in practice.results.all()
    ]

    assert results == [
        ("Businesses actively engaged in marketing", Decimal(15), Decimal(40), "%"),
        ("Businesses engaged in formal bookkeeping", Decimal(22), Decimal(38), "%"),
        ("Monthly sales", Decimal(490), Decimal(2150), "USD"),
        ("Monthly profits", Decimal(180), Decimal(270), "USD"),
        ("Businesses providing full-time employment", Decimal(12), Decimal(19), "%"),
    ]


def test_every_published_practice_has_a_pillar_an_sdg_and_its_dates(demo):
    published = Practice.objects.published()

    assert published.exists()
    for practice in published:
        assert practice.pillars.exists(), practice.slug
        assert practice.sdgs.exists(), practice.slug
        assert practice.published_at and practice.verified_on, practice.slug


def test_demo_publishes_every_practice_of_the_sources_and_has_stale_practices(demo):
    # A practice left "submitted" with no submitter is hidden from everyone but curators.
    assert not Practice.objects.exclude(status=PracticeStatus.PUBLISHED).exists()
    assert Practice.objects.published().stale().exists()
    assert Practice.objects.published().fresh().exists()


def test_barcelona_maputo_partnership_exists(demo):
    partnership = Partnership.objects.get(cities__slug="barcelona", name__icontains="maputo")

    assert set(partnership.cities.values_list("slug", flat=True)) == {"barcelona", "maputo"}


CITY = """
cities:
  - slug: atlantis
    name: Atlantis
    country: {country}
    latitude: -25.9
    longitude: 32.5
    networks: [{network}]
"""


@pytest.mark.parametrize(
    ("yaml_text", "named"),
    [
        (CITY.format(country="ZZ", network="anamm"), "'ZZ'"),
        (CITY.format(country="MZ", network="no-such-network"), "'no-such-network'"),
        (
            """
events:
  - slug: lost-event
    title: Lost
    kind: forum
    host_city: no-such-city
    start_date: 2013-06-28
    end_date: 2013-06-29
    summary: Nowhere.
""",
            "'no-such-city'",
        ),
    ],
)
def test_an_unknown_reference_fails_naming_it_and_loads_nothing(tmp_path, yaml_text, named):
    path = tmp_path / "broken.yaml"
    path.write_text(yaml_text, encoding="utf-8")

    with pytest.raises(DemoDataError, match=named):
        load_demo_network(path=path)

    assert not City.objects.filter(slug="atlantis").exists()


def test_an_invalid_object_fails_naming_it(tmp_path):
    path = tmp_path / "invalid.yaml"
    path.write_text(
        CITY.format(country="MZ", network="").replace("-25.9", "-95.5"), encoding="utf-8"
    )

    with pytest.raises(DemoDataError, match=r"city 'atlantis': .*city_latitude_range"):
        load_demo_network(path=path)


def test_results_dropped_from_the_yaml_are_deleted(tmp_path):
    practice = """
practices:
  - slug: test-practice
    title: Test practice
    summary: A practice.
    status: draft
    results:
{results}
"""
    both = "      - {indicator: First, value_after: 1}\n      - {indicator: Second, value_after: 2}"
    path = tmp_path / "practice.yaml"
    path.write_text(practice.format(results=both), encoding="utf-8")
    load_demo_network(path=path)

    path.write_text(
        practice.format(results="      - {indicator: First, value_after: 1}"), encoding="utf-8"
    )
    load_demo_network(path=path)

    indicators = Practice.objects.get(slug="test-practice").results.values_list(
        "indicator", flat=True
    )
    assert list(indicators) == ["First"]


def test_organization_roles_dropped_from_the_yaml_are_deleted(tmp_path):
    """An organization's role corrected in the YAML replaces the old one on reload."""
    CityFactory(slug="test-host")
    OrganizationFactory(slug="institute")
    OrganizationFactory(slug="ngo")
    event = """
events:
  - slug: test-event
    title: Test event
    kind: peer-learning
    host_city: test-host
    start_date: 2012-11-07
    end_date: 2012-11-09
    summary: An event.
    organization_roles:
{roles}
"""
    path = tmp_path / "event.yaml"
    roles = (
        "      - {organization: institute, role: resource}\n      - {organization: ngo, role: peer}"
    )
    path.write_text(event.format(roles=roles), encoding="utf-8")
    load_demo_network(path=path)
    path.write_text(
        event.format(roles="      - {organization: institute, role: facilitator}"), encoding="utf-8"
    )
    load_demo_network(path=path)

    roles = Event.objects.get(slug="test-event").organization_participations.values_list(
        "organization__slug", "role"
    )
    assert list(roles) == [("institute", "facilitator")]


ROADMAP = """
roadmaps:
  - slug: test-roadmap
    title: Test roadmap
    event: maputo-hygiene-health-markets-2012
    adopted_on: 2012-11-08
    commitments:
      - {{number: 1, text: Cooperate.}}
    actions:
      - title: Visit
        commitment: {commitment}
        status: done
        updates:
{updates}
"""
ATLANTIS = CITY.format(country="MZ", network="anamm")
UPDATE = "          - {at: 2013-0%d-01, previous_status: planned, status: done}"


@pytest.mark.parametrize(
    ("yaml_text", "named"),
    [
        (
            CITY.format(country="MZ", network="anamm") + "    mayor: Someone\n",
            "unknown fields mayor",
        ),
        (
            CITY.format(country="MZ", network="anamm").replace("    latitude: -25.9\n", ""),
            "missing latitude",
        ),
        (
            "partnerships:\n  - {slug: alone, name: Alone, cities: [maputo], kind: twinning, "
            "status: active}\n",
            "partnership 'alone': a partnership needs two parties or more",
        ),
        (ROADMAP.format(commitment=2, updates=""), "action 1 'Visit': unknown commitment 2"),
        (
            "practices:\n  - {slug: p, title: P, summary: S, status: draft, translations: [fr]}\n",
            "practice 'p': translations must map a language",
        ),
    ],
)
def test_bad_demo_data_fails_naming_the_item_and_loads_nothing(demo, tmp_path, yaml_text, named):
    path = tmp_path / "bad.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    before = model_counts()

    with pytest.raises(DemoDataError, match=named):
        load_demo_network(path=path)

    assert model_counts() == before


def test_updates_dropped_from_the_yaml_are_deleted_but_not_those_people_recorded(
    demo, tmp_path, django_user_model
):
    path = tmp_path / "roadmap.yaml"
    path.write_text(
        ROADMAP.format(commitment=1, updates="\n".join([UPDATE % 1, UPDATE % 2])), encoding="utf-8"
    )
    load_demo_network(path=path)
    action = Roadmap.objects.get(slug="test-roadmap").actions.get()
    assert action.commitment.number == 1
    recorded = action.updates.create(
        previous_status="done", status="done", by=django_user_model.objects.create(username="u")
    )

    path.write_text(ROADMAP.format(commitment=1, updates=UPDATE % 2), encoding="utf-8")
    load_demo_network(path=path)

    assert [update.at.month for update in action.updates.filter(by__isnull=True)] == [2]
    assert action.updates.filter(pk=recorded.pk).exists()
