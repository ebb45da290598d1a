import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from base.models import Criterion
from exchanges.models import ActionStatus, EventStatus
from practices.models import PracticeStatus
from tests.api.utils import pillars, sdgs, sectors
from tests.factories import (
    ActionFactory,
    AdoptionFactory,
    CityFactory,
    CommitmentFactory,
    EventFactory,
    OrganizationFactory,
    ParticipationFactory,
    PartnershipFactory,
    PracticeFactory,
    ResultFactory,
    RoadmapFactory,
    UserFactory,
    country,
)


def pytest_collection_modifyitems(items):
    """Schemathesis names each operation's test after it (`test_...[GET /api/v1/cities/]`)
    but gives them all the function's node id. Under pytest-xdist, which finds the tests by
    node id, all but one would silently not run: give each the id its name says."""
    for item in items:
        if hasattr(item, "operation_label") and not item.nodeid.endswith(f"::{item.name}"):
            # pytest (9.x) computes a node's id as its parent's id and its name.
            item._id = item.parent.id.child(item.name)


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def network(city, official):
    """A small network after the seed documents, with each filter's value held by some
    rows and not by others."""
    n = SimpleNamespace()
    n.ilo = OrganizationFactory(slug="ilo", name="ILO", kind="international", country=None)
    n.uclg = OrganizationFactory(slug="uclg", name="UCLG", country=country("ES"))
    n.anamm = OrganizationFactory(slug="anamm", name="ANAMM", country=country("MZ"))
    n.norway = OrganizationFactory(
        slug="norway-mfa", name="Norwegian MFA", kind="donor", country=country("NO")
    )

    def place(slug, name, code, population, sector_slugs=(), networks=()):
        made = CityFactory(slug=slug, name=name, country=country(code), population=population)
        made.sectors.set(sectors(*sector_slugs))
        made.networks.set(networks)
        return made

    # The official's city.
    n.maputo = city
    n.maputo.population = 1_100_000
    n.maputo.save()
    n.maputo.sectors.set(sectors("commerce", "services"))
    n.maputo.networks.set([n.uclg])
    n.durban = place("durban", "Durban", "ZA", 3_400_000, ["tourism", "manufacturing"], [n.uclg])
    n.belo = place("belo-horizonte", "Belo Horizonte", "BR", 2_500_000, ["services"])
    n.barcelona = place("barcelona", "Barcelona", "ES", 1_600_000, [], [n.uclg])
    n.chefchaouen = place("chefchaouen", "Chefchaouen", "MA", 42_000, ["tourism", "handicrafts"])
    n.lleida = place("lleida", "Lleida", "ES", 138_000, ["agriculture"])
    n.turin = place("turin", "Turin", "IT", 870_000, ["manufacturing"])
    n.odienne = place("odienne", "Odienné", "CI", None)

    def event(slug, host, start, days, participants=(), tags=((), (), ()), **fields):
        made = EventFactory(
            slug=slug,
            host_city=host,
            start_date=start,
            end_date=start + datetime.timedelta(days=days),
            **fields,
        )
        for participant, role, size in participants:
            ParticipationFactory(event=made, city=participant, role=role, delegation_size=size)
        made.pillars.set(pillars(*tags[0]))
        made.sdgs.set(sdgs(*tags[1]))
        made.sectors.set(sectors(*tags[2]))
        return made

    n.maputo_2012 = event(
        "maputo-2012",
        n.maputo,
        datetime.date(2012, 11, 26),
        2,
        [(n.durban, "peer", 4), (n.belo, "resource", 2)],
        (["employment", "social-dialogue"], [8, 11], ["commerce"]),
        title="Maputo peer learning event on local economic development",
        modality="triangular",
        outcomes="A roadmap; a network of practitioners.",
        venue="Maputo City Hall",
    )
    n.maputo_2012.organizers.set([n.ilo, n.uclg])
    n.maputo_2012.supporters.set([n.norway])
    n.durban_2013 = event(
        "durban-2013",
        n.durban,
        datetime.date(2013, 6, 10),
        4,
        [(n.maputo, "learner", 5)],
        (["employment"], [8], ["tourism"]),
        title="Maputo delegation to Durban",
        kind="study-visit",
    )
    n.lleida_2013 = event(
        "lleida-2013",
        n.lleida,
        datetime.date(2013, 6, 20),
        1,
        [(n.chefchaouen, "peer", 3)],
        (["social-protection"], [11], ["agriculture"]),
        title="Lleida forum on intermediary cities",
        kind="forum",
        modality="north-south",
    )
    n.turin_2014 = event(
        "turin-2014",
        n.turin,
        datetime.date(2014, 12, 31),
        2,
        [],
        (["rights-at-work"], [16], []),
        title="Turin session across the new year",
        kind="training",
        status=EventStatus.CANCELLED,
        modality="north-north",
    )
    n.barcelona_2030 = event(
        "barcelona-2030",
        n.barcelona,
        datetime.date(2030, 5, 1),
        2,
        [(n.odienne, "learner", None)],
        (["social-dialogue"], [17], []),
        title="Barcelona exchange on social dialogue",
        kind="workshop",
        status=EventStatus.OPEN,
        modality="north-south",
        capacity=40,
    )

    n.maputo_roadmap = RoadmapFactory(
        slug="maputo-roadmap", title="Maputo roadmap", event=n.maputo_2012
    )
    n.maputo_roadmap.signatory_cities.set([n.maputo, n.durban])
    n.maputo_roadmap.signatory_organizations.set([n.uclg])
    first = CommitmentFactory(roadmap=n.maputo_roadmap, number=1, sub_points=["a", "b"])
    CommitmentFactory(roadmap=n.maputo_roadmap, number=2)
    done = ActionFactory(
        roadmap=n.maputo_roadmap,
        commitment=first,
        title="Visit Durban",
        status=ActionStatus.DONE,
        carried_out_by=n.durban_2013,
        position=1,
    )
    done.responsible_cities.set([n.durban])
    going = ActionFactory(roadmap=n.maputo_roadmap, status=ActionStatus.IN_PROGRESS, position=2)
    going.responsible_cities.set([n.belo])
    going.responsible_organizations.set([n.ilo])
    ActionFactory(roadmap=n.maputo_roadmap, status=ActionStatus.PLANNED, position=3)
    n.lleida_roadmap = RoadmapFactory(
        slug="lleida-roadmap", title="Lleida declaration", event=n.lleida_2013
    )
    n.lleida_roadmap.signatory_cities.set([n.lleida])

    today = timezone.localdate()

    def practice(slug, city, tags, countries=(), organizations=(), criteria=(), **fields):
        made = PracticeFactory(slug=slug, city=city, **fields)
        made.pillars.set(pillars(*tags[0]))
        made.sdgs.set(sdgs(*tags[1]))
        made.sectors.set(sectors(*tags[2]))
        made.countries.set([country(code) for code in countries])
        made.organizations.set(organizations)
        made.criteria.set(Criterion.objects.filter(slug__in=criteria))
        return made

    n.ecotourism = practice(
        "chefchaouen-ecotourism",
        n.chefchaouen,
        (["employment"], [8], ["tourism"]),
        countries=["MA"],
        organizations=[n.uclg],
        criteria=["sustainability"],
        title="Ecotourism in Chefchaouen",
        start_year=2008,
        end_year=2014,
        description="**Green** jobs <script>alert(1)</script>",
    )
    n.ecotourism.events.set([n.lleida_2013])
    ResultFactory(practice=n.ecotourism, indicator="Guest houses", value_before=Decimal("12"))
    n.markets = practice(
        "maputo-markets",
        n.maputo,
        (["social-dialogue"], [8, 11], ["commerce"]),
        organizations=[n.anamm],
        criteria=["innovation", "horizontal-cooperation"],
        title="Negotiated markets in Maputo",
        start_year=2010,
        end_year=None,
        verified_on=today - datetime.timedelta(days=900),
    )
    n.lao = practice(
        "lao-women-entrepreneurs",
        None,
        (["employment"], [5], ["commerce"]),
        countries=["LA"],
        organizations=[n.ilo],
        criteria=["innovation"],
        title="Women's entrepreneurship in Lao PDR",
        start_year=2005,
        end_year=2009,
    )
    n.submitted = practice(
        "maputo-submitted",
        n.maputo,
        (["employment"], [8], []),
        title="A submission from Maputo",
        status=PracticeStatus.SUBMITTED,
        submitted_by=official,
        published_at=None,
        verified_on=None,
    )
    n.draft = practice(
        "durban-draft",
        n.durban,
        (["employment"], [8], []),
        title="A draft from Durban",
        status=PracticeStatus.DRAFT,
        submitted_by=UserFactory(username="someone-else"),
        published_at=None,
        verified_on=None,
    )

    AdoptionFactory(
        practice=n.ecotourism, city=n.lleida, stage="adapting", year=2014, event=n.lleida_2013
    )
    AdoptionFactory(practice=n.ecotourism, city=n.durban, stage="studying", year=2015)
    AdoptionFactory(
        practice=n.markets, city=n.belo, stage="sustained", year=2016, event=n.maputo_2012
    )
    AdoptionFactory(practice=n.submitted, city=n.durban, stage="studying", year=2017)

    n.maputo_belo = PartnershipFactory(
        slug="maputo-belo-horizonte",
        kind="cooperation-agreement",
        status="in-process",
        start_date=datetime.date(2013, 3, 1),
        themes=["local economic development"],
    )
    n.maputo_belo.cities.set([n.maputo, n.belo])
    n.maputo_belo.supporters.set([n.uclg])
    n.barcelona_maputo = PartnershipFactory(
        slug="barcelona-maputo", kind="project", status="active"
    )
    n.barcelona_maputo.cities.set([n.barcelona, n.maputo])
    n.durban_region = PartnershipFactory(
        slug="durban-southern-africa", kind="twinning", status="ended"
    )
    n.durban_region.cities.set([n.durban, n.chefchaouen])
    return n
