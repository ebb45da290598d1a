"""Adoptions, what peer learning led to: recording them (service, API, web form) and
showing them (practice and city pages, dashboard, cooperation network)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from base import permissions
from cities.models import Membership
from portal.dashboard import dashboard_data
from portal.network import network_graph
from practices.models import Adoption, PracticeStatus
from practices.services import delete_adoption, record_adoption, update_adoption
from tests.factories import (
    AdoptionFactory,
    CityFactory,
    EventFactory,
    ParticipationFactory,
    PracticeFactory,
    UserFactory,
)
from tests.utils import assert_constant_queries

pytestmark = pytest.mark.django_db

NEXT_YEAR = timezone.localdate().year + 1


@pytest.fixture
def durban(db):
    return CityFactory(slug="durban", name="Durban")


@pytest.fixture
def practice(durban):
    return PracticeFactory(
        slug="informal-traders", title="Working with informal traders", city=durban
    )


@pytest.fixture
def delegation(city, durban):
    """The exchange where Maputo (the `city` fixture, the official's) learned it."""
    event = EventFactory(
        slug="maputo-delegation-durban", title="Maputo in Durban", host_city=durban
    )
    ParticipationFactory(event=event, city=city)
    return event


# The rules


def test_who_may_record_an_adoption(official, curator, partner, city, durban):
    assert permissions.can_record_adoption(official, city)
    assert not permissions.can_record_adoption(official, durban)
    assert permissions.can_record_adoption(curator, durban)
    assert not permissions.can_record_adoption(partner, city)
    assert not permissions.can_record_adoption(UserFactory(), city)
    assert permissions.can_record_adoptions(official)
    assert permissions.can_record_adoptions(curator)
    assert not permissions.can_record_adoptions(partner)


def test_an_unverified_official_may_not_record(official, city):
    official.membership.verified_at = None
    official.membership.save()
    assert not permissions.can_record_adoption(official, city)


# The service


def test_an_official_records_their_own_citys_adoption(official, city, practice, delegation):
    adoption = record_adoption(
        practice=practice,
        city=city,
        stage="adapting",
        year=2013,
        event=delegation,
        notes="  Training for food vendors planned.  ",
        evidence_url="https://www.ilo.org/report.pdf",
        by=official,
    )
    adoption.refresh_from_db()
    assert (adoption.stage, adoption.year, adoption.event) == ("adapting", 2013, delegation)
    assert adoption.notes == "Training for food vendors planned."


def test_a_curator_records_for_any_city(curator, practice):
    lleida = CityFactory(slug="lleida")
    adoption = record_adoption(practice=practice, city=lleida, stage="studying", by=curator)
    assert adoption.city == lleida and adoption.year is None


@pytest.mark.parametrize("who", ["official", "partner", "stranger"])
def test_others_may_not_record_for_a_city(who, official, partner, practice):
    user = {"official": official, "partner": partner, "stranger": UserFactory()}[who]
    with pytest.raises(PermissionDenied):
        record_adoption(practice=practice, city=CityFactory(), stage="sustained", by=user)
    assert not Adoption.objects.exists()


BAD_ADOPTIONS = [
    ({"stage": "dreaming"}, "stage"),
    ({"year": 1800}, "year"),
    ({"year": NEXT_YEAR}, "year"),
    ({"evidence_url": "not a link"}, "evidence_url"),
]


@pytest.mark.parametrize(("values", "field"), BAD_ADOPTIONS)
def test_bad_values_are_refused_naming_the_field(values, field, official, city, practice):
    values = {"stage": "sustained", **values}
    with pytest.raises(ValidationError) as error:
        record_adoption(practice=practice, city=city, by=official, **values)
    assert field in error.value.message_dict
    assert not Adoption.objects.exists()


@pytest.mark.parametrize("status", ["draft", "submitted", "changes-requested", "rejected"])
def test_only_a_published_practice_can_be_taken_up(status, curator, city):
    practice = PracticeFactory(status=status, published_at=None)
    with pytest.raises(ValidationError) as error:
        record_adoption(practice=practice, city=city, stage="studying", by=curator)
    assert "practice" in error.value.message_dict


def test_a_city_does_not_take_up_its_own_practice(curator, practice, durban):
    with pytest.raises(ValidationError) as error:
        record_adoption(practice=practice, city=durban, stage="sustained", by=curator)
    assert "city" in error.value.message_dict


def test_a_city_takes_up_a_practice_once(official, city, practice):
    record_adoption(practice=practice, city=city, stage="studying", by=official)
    with pytest.raises(ValidationError) as error:
        record_adoption(practice=practice, city=city, stage="sustained", by=official)
    assert "already taken up" in error.value.message_dict["city"][0]
    assert Adoption.objects.get().stage == "studying"


def test_the_event_is_one_the_city_took_part_in(official, city, practice, durban):
    elsewhere = EventFactory(host_city=durban)
    with pytest.raises(ValidationError) as error:
        record_adoption(
            practice=practice, city=city, stage="sustained", event=elsewhere, by=official
        )
    assert "event" in error.value.message_dict
    hosted = EventFactory(host_city=city)
    assert (
        record_adoption(
            practice=practice, city=city, stage="sustained", event=hosted, by=official
        ).event
        == hosted
    )


def test_update_and_delete(official, city, practice, delegation):
    adoption = record_adoption(practice=practice, city=city, stage="studying", by=official)
    adoption = update_adoption(
        adoption=adoption, by=official, stage="sustained", year=2014, event=delegation
    )
    assert (adoption.stage, adoption.year, adoption.event) == ("sustained", 2014, delegation)
    with pytest.raises(ValidationError) as error:
        update_adoption(adoption=adoption, by=official, city=CityFactory())
    assert "city" in error.value.message_dict
    with pytest.raises(ValidationError):
        update_adoption(adoption=adoption, by=official, stage="dreaming")
    assert Adoption.objects.get().stage == "sustained"
    other = UserFactory()
    with pytest.raises(PermissionDenied):
        delete_adoption(adoption=adoption, by=other)
    delete_adoption(adoption=adoption, by=official)
    assert not Adoption.objects.exists()


# The API


@pytest.fixture
def api():
    return APIClient()


def as_user(api, user):
    if user is not None:
        api.force_authenticate(user)
    return api


def test_api_official_records_their_citys_adoption(api, official, practice, delegation):
    response = as_user(api, official).post(
        "/api/v1/adoptions/",
        {
            "practice": "informal-traders",
            "stage": "adapting",
            "year": 2013,
            "event": "maputo-delegation-durban",
            "notes": "Learned how Durban supports market workers.",
            "evidence_url": "https://www.ilo.org/report.pdf",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["city"]["slug"] == "maputo"  # the official's own city, left out
    assert body["practice"]["slug"] == "informal-traders"
    assert body["event"]["slug"] == "maputo-delegation-durban"
    assert body["stage"] == "adapting" and body["year"] == 2013
    detail = api.get("/api/v1/practices/informal-traders/").json()
    assert [a["city"]["slug"] for a in detail["adoptions"]] == ["maputo"]


def test_api_curator_records_for_any_city(api, curator, practice):
    CityFactory(slug="lleida")
    response = as_user(api, curator).post(
        "/api/v1/adoptions/",
        {"practice": "informal-traders", "city": "lleida", "stage": "studying"},
        format="json",
    )
    assert response.status_code == 201, response.json()


def test_api_refuses_an_official_writing_for_another_city(api, official, practice):
    CityFactory(slug="lleida")
    response = as_user(api, official).post(
        "/api/v1/adoptions/",
        {"practice": "informal-traders", "city": "lleida", "stage": "studying"},
        format="json",
    )
    assert response.status_code == 403
    assert not Adoption.objects.exists()


@pytest.mark.parametrize(("who", "code"), [("anonymous", 401), ("partner", 403)])
def test_api_refuses_anonymous_and_partners(who, code, api, partner, practice, city):
    user = {"anonymous": None, "partner": partner}[who]
    adoption = AdoptionFactory(practice=practice, city=city)
    client = as_user(api, user)
    payload = {"practice": "informal-traders", "city": "maputo", "stage": "studying"}
    assert client.post("/api/v1/adoptions/", payload, format="json").status_code == code
    url = f"/api/v1/adoptions/{adoption.pk}/"
    assert client.patch(url, {"stage": "sustained"}, format="json").status_code == code
    assert client.delete(url).status_code == code
    adoption.refresh_from_db()
    assert adoption.stage == "adapting"


API_BAD_INPUT = [
    ({"practice": "no-such-practice"}, "practice"),
    ({"practice": "under-review"}, "practice"),
    ({"year": 1800}, "year"),
    ({"year": NEXT_YEAR}, "year"),
    ({"year": "soon"}, "year"),
    ({"stage": "dreaming"}, "stage"),
    ({"stage": None}, "stage"),
    ({"evidence_url": "not a link"}, "evidence_url"),
    ({"event": "no-such-event"}, "event"),
    ({"city": "atlantis"}, "city"),
]


@pytest.mark.parametrize(("overrides", "field"), API_BAD_INPUT)
def test_api_bad_input_is_a_400_naming_the_field(overrides, field, api, curator, practice, city):
    PracticeFactory(slug="under-review", status=PracticeStatus.SUBMITTED, published_at=None)
    payload = {"practice": "informal-traders", "city": "maputo", "stage": "studying"}
    payload.update(overrides)
    response = as_user(api, curator).post("/api/v1/adoptions/", payload, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Adoption.objects.exists()


def test_api_an_unpublished_practice_is_unknown_to_others(api, official, durban):
    PracticeFactory(slug="under-review", status=PracticeStatus.SUBMITTED, published_at=None)
    response = as_user(api, official).post(
        "/api/v1/adoptions/", {"practice": "under-review", "stage": "studying"}, format="json"
    )
    assert response.status_code == 400
    assert "does not exist" in response.json()["practice"][0]


def test_api_duplicate_and_own_practice_are_400(api, curator, practice, city, durban):
    AdoptionFactory(practice=practice, city=city)
    client = as_user(api, curator)
    for slug in ("maputo", "durban"):
        response = client.post(
            "/api/v1/adoptions/",
            {"practice": "informal-traders", "city": slug, "stage": "studying"},
            format="json",
        )
        assert response.status_code == 400
        assert "city" in response.json()
    assert Adoption.objects.count() == 1


def test_api_update_and_delete_own_citys_adoption(api, official, practice, city, durban):
    own = AdoptionFactory(practice=practice, city=city, stage="studying")
    others = AdoptionFactory(practice=practice, city=CityFactory(), stage="studying")
    client = as_user(api, official)
    response = client.patch(f"/api/v1/adoptions/{own.pk}/", {"stage": "sustained"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["stage"] == "sustained"
    response = client.patch(f"/api/v1/adoptions/{own.pk}/", {"city": "durban"}, format="json")
    assert response.status_code == 400 and "city" in response.json()
    response = client.patch(f"/api/v1/adoptions/{own.pk}/", {"year": 1492}, format="json")
    assert response.status_code == 400 and "year" in response.json()
    url = f"/api/v1/adoptions/{others.pk}/"
    assert client.patch(url, {"stage": "sustained"}, format="json").status_code == 403
    assert client.delete(url).status_code == 403
    assert client.delete(f"/api/v1/adoptions/{own.pk}/").status_code == 204
    assert list(Adoption.objects.all()) == [others]
    others.refresh_from_db()
    assert others.stage == "studying"


# The web form


def test_practice_page_offers_to_record_an_adoption_to_officials_and_curators(
    client, official, curator, partner, practice, durban
):
    url = practice.get_absolute_url()
    assert "Record an adoption" not in client.get(url).content.decode()
    client.force_login(partner)
    assert "Record an adoption" not in client.get(url).content.decode()
    client.force_login(official)
    assert "Record an adoption" in client.get(url).content.decode()
    client.force_login(curator)
    assert "Record an adoption" in client.get(url).content.decode()
    # Durban's own official does not take up Durban's practice.
    durban_official = UserFactory()
    durban_official.groups.add(official.groups.get())
    Membership.objects.create(user=durban_official, city=durban, verified_at=timezone.now())
    client.force_login(durban_official)
    assert "Record an adoption" not in client.get(url).content.decode()


def test_web_official_records_an_adoption(client, official, practice, delegation):
    client.force_login(official)
    url = f"/practices/{practice.slug}/adoptions/new/"
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in page.content.decode()
    response = client.post(
        url,
        {
            "city": official.membership.city.pk,
            "stage": "adapting",
            "year": "2013",
            "event": delegation.pk,
            "notes": "Training for food vendors planned.",
            "evidence_url": "https://www.ilo.org/report.pdf",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0].startswith(practice.get_absolute_url())
    page = response.content.decode()
    assert "now counts among the cities" in page
    assert "Training for food vendors planned." in page
    assert "www.ilo.org/report.pdf" in page
    assert "Maputo in Durban" in page
    assert Adoption.objects.get().city == official.membership.city


def test_web_form_refuses_another_city_and_bad_input(client, official, practice):
    client.force_login(official)
    url = f"/practices/{practice.slug}/adoptions/new/"
    lleida = CityFactory(slug="lleida")
    response = client.post(url, {"city": lleida.pk, "stage": "sustained"})
    assert response.status_code == 200
    assert response.context["form"].errors["city"]
    response = client.post(
        url,
        {"city": official.membership.city.pk, "stage": "sustained", "year": NEXT_YEAR},
    )
    assert response.context["form"].errors["year"]
    response = client.post(
        url, {"city": official.membership.city.pk, "stage": "x", "evidence_url": "a b"}
    )
    assert set(response.context["form"].errors) == {"stage", "evidence_url"}
    assert not Adoption.objects.exists()


def test_web_form_needs_csrf(official, practice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(official)
    response = client.post(
        f"/practices/{practice.slug}/adoptions/new/",
        {"city": official.membership.city.pk, "stage": "sustained"},
    )
    assert response.status_code == 403
    assert not Adoption.objects.exists()


def test_web_form_refusals(client, partner, official, practice):
    url = f"/practices/{practice.slug}/adoptions/new/"
    assert client.get(url).status_code == 302  # to sign in
    client.force_login(partner)
    assert client.get(url).status_code == 403
    client.force_login(official)
    draft = PracticeFactory(status="draft", published_at=None, submitted_by=official)
    assert client.get(f"/practices/{draft.slug}/adoptions/new/").status_code == 404


def test_web_update_and_delete(client, official, practice, city):
    own = AdoptionFactory(practice=practice, city=city, stage="studying")
    others = AdoptionFactory(practice=practice, stage="studying")
    client.force_login(official)
    page = client.get(practice.get_absolute_url()).content.decode()
    assert f"/adoptions/{own.pk}/" in page and f"/adoptions/{others.pk}/" not in page
    assert "Record an adoption" not in page  # Maputo's is recorded: it is updated instead
    url = f"/practices/{practice.slug}/adoptions/{own.pk}/"
    response = client.post(url, {"city": city.pk, "stage": "sustained", "year": "2015"})
    assert response.status_code == 302
    own.refresh_from_db()
    assert (own.stage, own.year) == ("sustained", 2015)
    assert client.get(f"/practices/{practice.slug}/adoptions/{others.pk}/").status_code == 403
    assert (
        client.post(
            f"/practices/{practice.slug}/adoptions/{others.pk}/delete/", {"confirmed": "yes"}
        ).status_code
        == 403
    )
    # Asked first, on the server: neither the GET nor an unconfirmed POST deletes.
    asked = client.get(f"{url}delete/")
    assert asked.status_code == 200
    assert 'name="confirmed" value="yes"' in asked.content.decode()
    assert client.post(f"{url}delete/").status_code == 200
    assert client.post(f"{url}delete/", {"confirmed": "no"}).status_code == 200
    assert Adoption.objects.count() == 2
    assert client.put(f"{url}delete/").status_code == 405
    assert client.post(f"{url}delete/", {"confirmed": "yes"}).status_code == 302
    assert list(Adoption.objects.all()) == [others]


# Where adoptions show


def test_city_page_shows_what_it_learned_from_whom(client, city, practice, delegation):
    AdoptionFactory(practice=practice, city=city, event=delegation, stage="adapting", year=2013)
    national = PracticeFactory(title="State decent work agendas", city=None)
    national.countries.add(CityFactory().country)
    AdoptionFactory(practice=national, city=city, stage="sustained")
    AdoptionFactory(practice=PracticeFactory(status="draft", title="Secret"), city=city)
    page = client.get(city.get_absolute_url()).content.decode()
    assert "Learned from" in page
    assert "Working with informal traders" in page and "State decent work agendas" in page
    assert practice.city.get_absolute_url() in page
    assert "Maputo in Durban" in page and "Adapting" in page
    assert "Secret" not in page


def test_practice_page_queries_do_not_grow_with_adoptions(client, practice):
    def grow():
        for _ in range(3):
            other = CityFactory()
            event = EventFactory(host_city=other)
            AdoptionFactory(
                practice=practice, city=other, event=event, evidence_url="https://a.org"
            )

    AdoptionFactory(practice=practice)
    assert_constant_queries(lambda: client.get(practice.get_absolute_url()), grow)


def test_city_page_queries_do_not_grow_with_adoptions(client, city):
    def grow():
        for _ in range(3):
            national = PracticeFactory(city=None)
            national.countries.add(CityFactory().country)
            AdoptionFactory(practice=national, city=city, event=EventFactory(host_city=city))
            AdoptionFactory(practice=PracticeFactory(), city=city)

    AdoptionFactory(city=city, event=EventFactory(host_city=city))
    assert_constant_queries(lambda: client.get(city.get_absolute_url()), grow)


def test_dashboard_counts_the_practices_most_taken_up(client, practice, city):
    AdoptionFactory(practice=practice, city=city, stage="sustained")
    AdoptionFactory(practice=practice, stage="studying")
    AdoptionFactory(practice=practice, stage="abandoned")
    other = AdoptionFactory(stage="adapting").practice
    AdoptionFactory(practice=PracticeFactory(status="draft", title="Secret"))
    rows = dashboard_data()["practices_taken_up"]["rows"]
    assert [row["label"] for row in rows] == [practice.title, other.title]
    assert rows[0]["total"] == 3
    stages = dashboard_data()["practices_taken_up"]["stages"]
    counts = dict(zip([s["key"] for s in stages], rows[0]["counts"], strict=True))
    assert counts == {
        "interested": 0,
        "studying": 1,
        "adapting": 0,
        "piloting": 0,
        "sustained": 1,
        "abandoned": 1,
    }
    page = client.get("/dashboard/").content.decode()
    assert "Practices most taken up" in page and practice.title in page
    assert "Secret" not in page
    assert client.get("/dashboard/data.json").json()["practices_taken_up"]["rows"][0]["total"] == 3


def test_dashboard_queries_do_not_grow_with_adoptions():
    def grow():
        for _ in range(3):
            AdoptionFactory(practice=AdoptionFactory().practice)

    AdoptionFactory()
    assert_constant_queries(dashboard_data, grow)


def test_network_links_the_practices_city_to_the_adopting_city(client, practice, city, durban):
    AdoptionFactory(practice=practice, city=city, year=2013)
    AdoptionFactory(practice=PracticeFactory(city=None), city=city)  # no city to come from
    AdoptionFactory(practice=PracticeFactory(status="draft", city=durban), city=CityFactory())
    graph = network_graph()
    edges = [edge for edge in graph["edges"] if edge["kind"] == "adoption"]
    assert len(edges) == 1
    edge = edges[0]
    assert (edge["source_name"], edge["target_name"]) == ("Durban", "Maputo")
    assert edge["titles"] == ["Working with informal traders (adapting; transferability 0%)"]
    assert "adoption" in [kind["key"] for kind in graph["legend"]["kinds"]]
    assert [e["kind"] for e in network_graph(year=2013)["edges"]] == ["adoption"]
    assert network_graph(year=2014)["edges"] == []
    page = client.get("/network/").content.decode()
    assert "Practice taken up" in page
    assert "Working with informal traders" in page


def test_network_filters_adoptions_by_pillar(practice, city):
    from base.models import Pillar

    employment, dialogue = Pillar.objects.order_by("position")[:2]
    practice.pillars.add(employment)
    AdoptionFactory(practice=practice, city=city)
    assert len(network_graph(pillar=employment)["edges"]) == 1
    assert network_graph(pillar=dialogue)["edges"] == []


def test_network_queries_do_not_grow_with_adoptions():
    def grow():
        for _ in range(3):
            AdoptionFactory()

    AdoptionFactory()
    assert_constant_queries(network_graph, grow)


def test_the_demo_adoptions_follow_the_rules_and_cite_their_evidence():
    from portal.demo.loader import load_demo_network
    from practices.services import validate_adoption

    load_demo_network()
    adoptions = Adoption.objects.select_related("practice", "city", "event")
    # Belo Horizonte and Curitiba were inspired by the state programmes (the source's
    # word), which is not an adoption: docs/facts.md.
    assert {(a.practice.slug, a.city.slug) for a in adoptions} == {
        ("durban-informal-traders-partnership", "maputo"),
    }
    for adoption in adoptions:
        validate_adoption(adoption)  # what an official or curator could have recorded
        assert adoption.notes and adoption.evidence_url
    maputo = adoptions.get(city__slug="maputo")
    assert (maputo.stage, maputo.event.slug) == ("adapting", "maputo-delegation-durban-2013")
