"""The domain model's gaps filled (issue #19): dates known to the month or year,
countries and organizations as parties with roles, delegation composition, large forums
kept apart, practices in several cities and places, ILO conventions, the learning cycle,
partnerships between organizations, and the modality's reason."""

import datetime
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from base.dates import DatePrecision, format_period
from base.models import Convention, LearningFormat, LearningStage
from cities.models import Partnership, Place
from exchanges.models import (
    Action,
    CountryParticipation,
    DelegationMember,
    Event,
    OrganizationParticipation,
    ParticipationRole,
)
from exchanges.rules import Modality
from practices.models import Adoption
from tests.factories import (
    ActionFactory,
    AdoptionFactory,
    CityFactory,
    CountryParticipationFactory,
    DelegationMemberFactory,
    EventFactory,
    OrganizationFactory,
    OrganizationParticipationFactory,
    ParticipationFactory,
    PartnershipFactory,
    PlaceFactory,
    PracticeFactory,
    RoadmapFactory,
    country,
)
from tests.utils import assert_constant_queries

pytestmark = pytest.mark.django_db

JUNE_2013 = (datetime.date(2013, 6, 1), datetime.date(2013, 6, 30))


def refused(model, **values):
    """Saving a row with `values` is refused by the database."""
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(**values)


# One function writes dates as precisely as they are known


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "June 2013"), ("fr", "juin 2013"), ("es", "junio de 2013"), ("pt", "junho de 2013")],
)
def test_a_month_reads_as_the_month_in_each_language(language, expected):
    with translation.override(language):
        assert format_period(*JUNE_2013, DatePrecision.MONTH) == expected


def test_days_years_and_spans():
    day = datetime.date(2012, 11, 7)
    assert format_period(day, day) == "7 November 2012"
    assert (
        format_period(day, datetime.date(2012, 11, 9)) == "7 November 2012 \u2013 9 November 2012"
    )
    with translation.override("pt"):
        assert format_period(day, None) == "7 de novembro de 2012"
    year = (datetime.date(2005, 1, 1), datetime.date(2009, 12, 31))
    assert format_period(*year, DatePrecision.YEAR) == "2005 \u2013 2009"
    spring = (datetime.date(2013, 3, 1), datetime.date(2013, 4, 30))
    assert format_period(*spring, DatePrecision.MONTH) == "March 2013 \u2013 April 2013"


def test_an_event_known_to_the_month_starts_on_the_first_in_the_database():
    start, end = JUNE_2013
    event = EventFactory(start_date=start, end_date=end, date_precision=DatePrecision.MONTH)
    assert event.pk
    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(
            start_date=datetime.date(2013, 6, 2), end_date=end, date_precision=DatePrecision.MONTH
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(
            start_date=datetime.date(2013, 6, 1),
            end_date=datetime.date(2013, 12, 31),
            date_precision=DatePrecision.YEAR,
        )


def test_clean_names_the_date_that_does_not_match_its_precision():
    event = EventFactory.build(
        host_city=CityFactory(),
        start_date=datetime.date(2013, 6, 1),
        end_date=datetime.date(2013, 6, 29),
        date_precision=DatePrecision.MONTH,
    )
    with pytest.raises(ValidationError) as error:
        event.full_clean(exclude=["slug"])
    assert set(error.value.message_dict) == {"end_date"}


def test_an_action_due_in_a_month_is_due_on_its_last_day():
    action = ActionFactory(
        due_date=datetime.date(2013, 3, 31), due_date_precision=DatePrecision.MONTH
    )
    action.full_clean()
    assert action.due_display == "March 2013"
    assert not action.is_overdue(today=datetime.date(2013, 3, 15))
    action.due_date = datetime.date(2013, 3, 1)
    with pytest.raises(ValidationError) as error:
        action.full_clean()
    assert "due_date" in error.value.message_dict
    refused(
        Action,
        roadmap=RoadmapFactory(),
        title="x",
        due_date=datetime.date(2013, 3, 31),
        due_date_precision="week",
    )


def test_an_adoption_dated_to_the_month_keeps_its_year_in_step():
    adoption = AdoptionFactory(
        year=2014, adopted_on=datetime.date(2014, 3, 1), date_precision=DatePrecision.MONTH
    )
    assert adoption.date_display == "March 2014"
    refused(
        Adoption,
        practice=PracticeFactory(),
        city=CityFactory(),
        stage="sustained",
        year=2015,
        adopted_on=datetime.date(2014, 3, 1),
        date_precision=DatePrecision.MONTH,
    )
    refused(
        Adoption,
        practice=PracticeFactory(),
        city=CityFactory(),
        stage="sustained",
        year=2014,
        adopted_on=datetime.date(2014, 3, 5),
        date_precision=DatePrecision.MONTH,
    )
    unsaved = Adoption(
        practice=adoption.practice,
        city=CityFactory(),
        stage="sustained",
        adopted_on=datetime.date(2014, 3, 1),
        date_precision=DatePrecision.MONTH,
    )
    unsaved.full_clean()
    assert unsaved.year == 2014  # set from the date


def test_a_partnership_of_september_2012():
    memorandum = PartnershipFactory(
        start_date=datetime.date(2012, 9, 1), date_precision=DatePrecision.MONTH
    )
    assert memorandum.dates_display == "September 2012"
    refused(
        Partnership,
        slug="bad",
        name="Bad",
        kind="memorandum",
        status="active",
        start_date=datetime.date(2012, 9, 15),
        date_precision=DatePrecision.MONTH,
    )


def test_the_event_page_the_list_and_the_calendar_say_june_2013(client):
    start, end = JUNE_2013
    event = EventFactory(
        slug="maputo-durban",
        title="Maputo vendors in Durban",
        start_date=start,
        end_date=end,
        date_precision=DatePrecision.MONTH,
    )
    page = client.get(event.get_absolute_url()).content.decode()
    assert '<time datetime="2013-06">June 2013</time>' in page
    assert "1 June 2013" not in page and "30 June 2013" not in page
    listing = client.get(reverse("event-list")).content.decode()
    assert '<time datetime="2013-06">June 2013</time>' in listing
    french = client.get(f"/fr{event.get_absolute_url()}").content.decode()
    assert "juin 2013" in french
    response = APIClient().get("/api/v1/events/", {"format": "ics"})
    calendar = b"".join(response.streaming_content).decode()
    assert "DESCRIPTION:June 2013." in calendar.replace("\r\n ", "")
    body = APIClient().get("/api/v1/events/maputo-durban/").json()
    assert (body["start_date"], body["end_date"], body["date_precision"]) == (
        "2013-06-01",
        "2013-06-30",
        "month",
    )


def test_the_dossier_says_june_2013(client):
    start, end = JUNE_2013
    event = EventFactory(
        slug="visit", start_date=start, end_date=end, date_precision=DatePrecision.MONTH
    )
    participation = ParticipationFactory(event=event, city=CityFactory(country=country("MZ")))
    DelegationMemberFactory(participation=participation, category="carriers")
    CountryParticipationFactory(event=event, country=country("NO"), role="donor")
    event.refresh_modality()
    html = client.get(reverse("event-dossier", kwargs={"slug": event.slug})).content.decode()
    assert "June 2013" in html and "1 June 2013" not in html
    assert "Carriers of market goods" in html
    assert "Norway" in html and "Northern partners fund or support it (Norway)" in html


def test_the_api_writes_the_precision_and_refuses_a_mismatch(curator):
    api = APIClient()
    api.force_authenticate(curator)
    city = CityFactory(slug="durban")
    payload = {
        "title": "Learning visit",
        "kind": "study-visit",
        "host_city": city.slug,
        "start_date": "2013-06-01",
        "end_date": "2013-06-30",
        "date_precision": "month",
        "summary": "A visit dated to the month.",
        "stages": ["interventions"],
        "formats": ["field-visit"],
    }
    created = api.post("/api/v1/events/", payload, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["date_precision"] == "month"
    assert [f["slug"] for f in created.json()["formats"]] == ["field-visit"]
    bad = api.post("/api/v1/events/", {**payload, "end_date": "2013-06-20"}, format="json")
    assert bad.status_code == 400
    assert "end_date" in bad.json()
    unknown = api.post("/api/v1/events/", {**payload, "date_precision": "week"}, format="json")
    assert unknown.status_code == 400 and "date_precision" in unknown.json()


# Parties: countries and organizations with roles, delegations


def test_country_and_organization_participations_are_one_per_party():
    event = EventFactory()
    CountryParticipationFactory(event=event, country=country("ES"))
    refused(CountryParticipation, event=event, country=country("ES"), role="peer")
    refused(CountryParticipation, event=event, country=country("IT"), role="sponsor")
    ilo = OrganizationFactory(slug="ilo")
    OrganizationParticipationFactory(event=event, organization=ilo, role="facilitator")
    OrganizationParticipationFactory(event=event, organization=ilo, role="donor")
    refused(OrganizationParticipation, event=event, organization=ilo, role="donor")
    refused(OrganizationParticipation, event=event, organization=ilo, role="boss")


def test_a_delegation_has_one_group_per_category_and_counts_are_positive():
    group = DelegationMemberFactory(category="vendors", count=None)
    DelegationMemberFactory(participation=group.participation, category="carriers", count=3)
    refused(DelegationMember, participation=group.participation, category="vendors")
    refused(DelegationMember, participation=group.participation, category="officials", count=0)
    refused(DelegationMember, participation=group.participation, category="tourists")


def test_the_event_page_shows_parties_roles_composition_and_the_modality_reason(client):
    maputo = CityFactory(slug="maputo", name="Maputo", country=country("MZ"))
    event = EventFactory(slug="visit", host_city=CityFactory(name="Durban", country=country("ZA")))
    participation = ParticipationFactory(
        event=event, city=maputo, role=ParticipationRole.LEARNER, delegation_size=9
    )
    DelegationMemberFactory(participation=participation, category="officials")
    DelegationMemberFactory(participation=participation, category="vendors", count=4)
    CountryParticipationFactory(event=event, country=country("NO"), role="donor")
    mile = OrganizationFactory(name="Municipal Institute of Learning", country=country("ZA"))
    OrganizationParticipationFactory(event=event, organization=mile, role="trainer")
    event.formats.set([LearningFormat.objects.get(slug="world-cafe")])
    event.refresh_modality()
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Local government officials, Market vendors (4)" in html
    assert "Norway" in html and "Donor" in html
    assert "Municipal Institute of Learning" in html and "Trainer" in html
    assert "World Café" in html
    assert "Northern partners fund or support it (Norway)" in html
    body = APIClient().get("/api/v1/events/visit/").json()
    assert body["modality"] == Modality.TRIANGULAR
    assert body["countries"] == [
        {"country": {"code": "NO", "name": "Norway"}, "role": "donor", "notes": ""}
    ]
    assert body["organization_roles"][0]["role"] == "trainer"
    maputo_row = next(p for p in body["participants"] if p["city"]["slug"] == "maputo")
    assert maputo_row["composition"] == [
        {"category": "officials", "count": None},
        {"category": "vendors", "count": 4},
    ]
    assert "Norway" in body["modality_reason"]


def test_the_event_filters_count_participating_countries(client):
    lleida = EventFactory(slug="lleida", host_city=CityFactory(country=country("ES")))
    CountryParticipationFactory(event=lleida, country=country("ID"))
    api = APIClient()
    assert [e["slug"] for e in api.get("/api/v1/events/", {"country": "ID"}).json()["results"]] == [
        "lleida"
    ]
    by_region = api.get("/api/v1/events/", {"region": "asia-pacific"}).json()["results"]
    assert [e["slug"] for e in by_region] == ["lleida"]
    page = client.get(reverse("event-list"), {"country": "ID"})
    assert [e.slug for e in page.context["page_obj"]] == ["lleida"]


# Large forums apart


def test_large_forums_are_counted_and_filtered_apart(client):
    dakar = CityFactory(slug="dakar", name="Dakar", country=country("SN"))
    EventFactory(slug="africities", host_city=dakar, large_forum=True)
    exchange = EventFactory(slug="exchange", host_city=dakar)
    assert list(Event.objects.peer_learning()) == [exchange]
    api = APIClient()
    for scope, expected in (("exchanges", ["exchange"]), ("large-forums", ["africities"])):
        rows = api.get("/api/v1/events/", {"scope": scope}).json()["results"]
        assert [e["slug"] for e in rows] == expected
        page = client.get(reverse("event-list"), {"scope": scope})
        assert [e.slug for e in page.context["page_obj"]] == expected
    assert api.get("/api/v1/events/", {"scope": "summits"}).status_code == 400
    assert api.get("/api/v1/events/", {"scope": ""}).status_code == 400
    home = client.get(reverse("home"))
    assert home.context["figures"]["events"] == 1
    city_page = client.get(dakar.get_absolute_url())
    assert (city_page.context["exchange_count"], city_page.context["forum_count"]) == (1, 1)
    assert "1 large forum" in city_page.content.decode()


def test_the_event_list_filters_by_learning_format():
    visit = EventFactory(slug="visit")
    visit.formats.set([LearningFormat.objects.get(slug="field-visit")])
    EventFactory(slug="other")
    api = APIClient()
    rows = api.get("/api/v1/events/", {"learning_format": "field-visit"}).json()["results"]
    assert [e["slug"] for e in rows] == ["visit"]
    assert api.get("/api/v1/events/", {"learning_format": "dance"}).status_code == 400
    visit.stages.set([LearningStage.objects.get(slug="strategy")])
    rows = api.get("/api/v1/events/", {"stage": "strategy"}).json()["results"]
    assert [e["slug"] for e in rows] == ["visit"]


def test_the_event_list_api_does_not_grow_its_queries_with_parties():
    def grow():
        for _ in range(3):
            event = EventFactory()
            participation = ParticipationFactory(event=event)
            DelegationMemberFactory(participation=participation)
            CountryParticipationFactory(event=event, country=country("BR"))
            OrganizationParticipationFactory(event=event)
            event.organizers.add(OrganizationFactory(country=country("ES")))
            event.formats.set(LearningFormat.objects.all()[:2])

    grow()
    api = APIClient()
    assert_constant_queries(lambda: api.get("/api/v1/events/"), grow)


def test_the_event_page_does_not_grow_its_queries_with_parties(client):
    event = EventFactory()
    codes = [country(code) for code in ("AR", "BR", "CL", "CO", "EC", "PE")]

    def grow():
        for _ in range(3):
            participation = ParticipationFactory(event=event)
            DelegationMemberFactory(participation=participation, category="vendors")
            CountryParticipationFactory(event=event, country=codes.pop())
            OrganizationParticipationFactory(event=event)

    grow()
    assert_constant_queries(lambda: client.get(event.get_absolute_url()), grow)


# Practices: several cities, places below the city, conventions, stages


def test_places_are_unique_by_country_kind_and_name():
    PlaceFactory(slug="east-java", name="East Java")
    refused(Place, slug="east-java-2", name="East Java", kind="province", country=country("ID"))
    refused(Place, slug="x", name="X", kind="county", country=country("ID"))
    area = Place(
        slug="meuraxa",
        name="Meuraxa",
        kind="area",
        country=country("ID"),
        city=CityFactory(country=country("VN")),
    )
    with pytest.raises(ValidationError) as error:
        area.full_clean()
    assert "city" in error.value.message_dict


def test_a_practice_in_four_cities_is_each_citys(client):
    hanoi = CityFactory(slug="hanoi", name="Hanoi", country=country("VN"))
    practice = PracticeFactory(slug="vietnam", city=None)
    practice.other_cities.set([hanoi, CityFactory(slug="can-tho", country=country("VN"))])
    practice.places.set([PlaceFactory(name="East Java")])
    practice.conventions.set([Convention.objects.get(number=155)])
    practice.stages.set([LearningStage.objects.get(slug="territorial-diagnosis")])
    api = APIClient()
    rows = api.get("/api/v1/practices/", {"city": "hanoi"}).json()["results"]
    assert [p["slug"] for p in rows] == ["vietnam"]
    rows = api.get("/api/v1/practices/", {"convention": 155}).json()["results"]
    assert [p["slug"] for p in rows] == ["vietnam"]
    assert api.get("/api/v1/practices/", {"convention": 1000}).status_code == 400
    rows = api.get("/api/v1/practices/", {"stage": "territorial-diagnosis"}).json()["results"]
    assert [p["slug"] for p in rows] == ["vietnam"]
    body = api.get("/api/v1/practices/vietnam/").json()
    assert {c["slug"] for c in body["other_cities"]} == {"hanoi", "can-tho"}
    assert body["places"][0]["kind"] == "province"
    assert body["conventions"] == [
        {
            "number": 155,
            "code": "C155",
            "title": "Occupational Safety and Health Convention, 1981 (No. 155)",
            "url": "https://normlex.ilo.org/dyn/normlex/en/f?p=NORMLEXPUB:12100:0::NO::"
            "P12100_ILO_CODE:C155",
        }
    ]
    page = client.get(practice.get_absolute_url()).content.decode()
    assert "C155" in page and "Hanoi" in page and "East Java" in page
    assert "Territorial diagnosis and value-chain analysis" in page
    city_page = client.get(hanoi.get_absolute_url())
    assert practice in list(city_page.context["practices"])


def test_the_reference_tables_are_loaded():
    assert Convention.objects.get(number=182).title == (
        "Worst Forms of Child Labour Convention, 1999 (No. 182)"
    )
    assert Convention.objects.get(number=29).code == "C029"
    assert list(LearningStage.objects.values_list("slug", flat=True)) == [
        "stakeholder-dialogue",
        "forum-or-agency",
        "territorial-diagnosis",
        "strategy",
        "interventions",
        "national-policy",
    ]
    assert LearningFormat.objects.filter(slug="world-cafe").exists()
    with translation.override("fr"):
        assert str(LearningStage.objects.get(slug="interventions").name)


# Partnerships between organizations


def test_partnerships_between_organizations_in_the_api():
    ilo = OrganizationFactory(slug="ilo", name="ILO")
    uclg = OrganizationFactory(slug="uclg", name="UCLG")
    memorandum = PartnershipFactory(
        slug="ilo-uclg",
        start_date=datetime.date(2012, 9, 1),
        date_precision=DatePrecision.MONTH,
        scope="especially the eradication of the worst forms of child labour",
    )
    memorandum.organizations.set([ilo, uclg])
    PartnershipFactory(slug="twinning")
    api = APIClient()
    rows = api.get("/api/v1/partnerships/", {"organization": "uclg"}).json()["results"]
    assert [p["slug"] for p in rows] == ["ilo-uclg"]
    assert rows[0]["date_precision"] == "month"
    assert "worst forms of child labour" in rows[0]["scope"]
    assert {o["slug"] for o in rows[0]["organizations"]} == {"ilo", "uclg"}


def test_the_network_page_lists_agreements_between_organizations(client):
    def grow():
        agreement = PartnershipFactory(
            start_date=datetime.date(2012, 9, 1), date_precision=DatePrecision.MONTH
        )
        agreement.organizations.set([OrganizationFactory(), OrganizationFactory()])
        agreement.supporters.set([OrganizationFactory()])

    grow()
    html = client.get(reverse("network")).content.decode()
    assert "Agreements between organizations" in html
    assert '<time datetime="2012-09">September 2012</time>' in html
    assert_constant_queries(lambda: client.get(reverse("network")), grow)


def test_an_official_records_an_adoption_dated_to_the_month(official):
    durban = CityFactory(slug="durban", name="Durban")
    PracticeFactory(slug="informal-traders", city=durban)
    api = APIClient()
    api.force_authenticate(official)
    payload = {
        "practice": "informal-traders",
        "stage": "adapting",
        "adopted_on": "2014-03-01",
        "date_precision": "month",
    }
    response = api.post("/api/v1/adoptions/", payload, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["year"], body["adopted_on"], body["date_precision"]) == (
        2014,
        "2014-03-01",
        "month",
    )
    moved = api.patch(f"/api/v1/adoptions/{body['id']}/", {"year": 2013}, format="json")
    assert moved.status_code == 400 and "adopted_on" in moved.json()
    mid_month = api.patch(
        f"/api/v1/adoptions/{body['id']}/", {"adopted_on": "2014-03-15"}, format="json"
    )
    assert mid_month.status_code == 400 and "adopted_on" in mid_month.json()
    cleared = api.patch(
        f"/api/v1/adoptions/{body['id']}/", {"adopted_on": None, "year": 2013}, format="json"
    )
    assert cleared.status_code == 200 and cleared.json()["year"] == 2013


def test_structured_data_dates_an_event_to_the_month(client):
    start, end = JUNE_2013
    event = EventFactory(start_date=start, end_date=end, date_precision=DatePrecision.MONTH)
    html = client.get(event.get_absolute_url()).content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = next(json.loads(b) for b in blocks if '"Event"' in b)
    assert (data["startDate"], data["endDate"]) == ("2013-06", "2013-06")


def test_editing_the_participants_keeps_or_replaces_a_delegations_composition(curator):
    maputo = CityFactory(slug="maputo", country=country("MZ"))
    event = EventFactory(slug="visit", host_city=CityFactory(slug="durban"))
    participation = ParticipationFactory(event=event, city=maputo, role="learner")
    DelegationMemberFactory(participation=participation, category="vendors")
    api = APIClient()
    api.force_authenticate(curator)
    url = "/api/v1/events/visit/"
    kept = api.patch(
        url, {"participants": [{"city": "maputo", "role": "peer"}]}, format="json"
    ).json()
    assert kept["participants"][0]["role"] == "peer"
    assert kept["participants"][0]["composition"] == [{"category": "vendors", "count": None}]
    groups = [{"category": "officials", "count": 3}, {"category": "carriers"}]
    replaced = api.patch(
        url,
        {"participants": [{"city": "maputo", "role": "peer", "composition": groups}]},
        format="json",
    ).json()
    assert replaced["participants"][0]["composition"] == [
        {"category": "carriers", "count": None},
        {"category": "officials", "count": 3},
    ]
    twice = [{"category": "officials"}, {"category": "officials"}]
    refused_twice = api.patch(
        url,
        {"participants": [{"city": "maputo", "role": "peer", "composition": twice}]},
        format="json",
    )
    assert refused_twice.status_code == 400
    assert "participants" in refused_twice.json()


def test_an_official_of_a_participating_city_sets_only_their_own_composition(official):
    event = EventFactory(slug="visit", host_city=CityFactory(slug="durban"))
    ParticipationFactory(event=event, city=official.membership.city, role="learner")
    other = ParticipationFactory(event=event, city=CityFactory(slug="matola"), role="peer")
    api = APIClient()
    api.force_authenticate(official)
    mine = {
        "city": "maputo",
        "role": "learner",
        "delegation_size": 3,
        "composition": [{"category": "vendors", "count": 2}],
    }
    theirs = {"city": "matola", "role": "peer", "delegation_size": other.delegation_size}
    ok = api.patch("/api/v1/events/visit/", {"participants": [mine, theirs]}, format="json")
    assert ok.status_code == 200, ok.json()
    meddling = {**theirs, "composition": [{"category": "officials"}]}
    refused_ = api.patch("/api/v1/events/visit/", {"participants": [mine, meddling]}, format="json")
    assert refused_.status_code == 400 and "participants" in refused_.json()


def test_organizations_filter_by_multilateral():
    OrganizationFactory(slug="ilo", multilateral=True)
    OrganizationFactory(slug="eu", kind="donor")
    api = APIClient()
    rows = api.get("/api/v1/organizations/", {"multilateral": "true"}).json()["results"]
    assert [o["slug"] for o in rows] == ["ilo"]
    assert rows[0]["multilateral"] is True
    assert api.get("/api/v1/organizations/", {"multilateral": "maybe"}).status_code == 400
