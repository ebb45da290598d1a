"""What every endpoint of the API shares: pagination, bad input, authentication,
throttling, read-only access and a query count that does not grow with the page."""

import datetime
import json

import pytest
from rest_framework.authtoken.models import Token

from base.api.filters import StableOrderingFilter
from base.api.throttling import RoleRateThrottle
from base.models import Criterion
from cities.models import Country
from exchanges.models import Event
from tests.api.utils import (
    assert_same_query_count,
    captured_queries,
    keys,
    pillars,
    results,
    sdgs,
    sectors,
)
from tests.factories import (
    ActionFactory,
    AdoptionFactory,
    ChallengeFactory,
    CityFactory,
    CommitmentFactory,
    EventFactory,
    OrganizationFactory,
    ParticipationFactory,
    PartnershipFactory,
    PracticeFactory,
    RegistrationFactory,
    ResultFactory,
    RoadmapFactory,
)

pytestmark = pytest.mark.django_db

LISTS = [
    "countries",
    "cities",
    "organizations",
    "partnerships",
    "events",
    "roadmaps",
    "practices",
    "adoptions",
    "challenges",
    "pillars",
    "sdgs",
]


@pytest.fixture
def crowd(network):
    """Eight more of everything, each with every relation a row shows."""
    for i in range(8):
        organization = OrganizationFactory(country=Country.objects.get(code="BR"))
        city = CityFactory()
        city.sectors.set(sectors("tourism", "commerce"))
        city.networks.set([organization, network.uclg])
        partnership = PartnershipFactory()
        partnership.cities.set([city, network.maputo])
        partnership.supporters.set([organization])
        event = EventFactory(host_city=city, start_date=datetime.date(2014, 1, 1 + i))
        ParticipationFactory(event=event, city=network.durban)
        event.pillars.set(pillars("employment", "social-dialogue"))
        event.sdgs.set(sdgs(8, 11))
        event.sectors.set(sectors("tourism"))
        event.organizers.set([organization])
        roadmap = RoadmapFactory(event=event)
        roadmap.signatory_cities.set([city, network.durban])
        roadmap.signatory_organizations.set([organization])
        CommitmentFactory(roadmap=roadmap)
        action = ActionFactory(roadmap=roadmap, carried_out_by=network.durban_2013)
        action.responsible_cities.set([city])
        action.responsible_organizations.set([organization])
        practice = PracticeFactory(city=city)
        practice.countries.set([Country.objects.get(code="BR")])
        practice.organizations.set([organization])
        practice.pillars.set(pillars("employment"))
        practice.sdgs.set(sdgs(8))
        practice.sectors.set(sectors("commerce"))
        practice.criteria.set(Criterion.objects.all())
        practice.events.set([event])
        ResultFactory(practice=practice)
        AdoptionFactory(practice=practice, city=network.durban, event=event)
        challenge = ChallengeFactory(city=city)
        challenge.pillars.set(pillars("employment"))
        challenge.sdgs.set(sdgs(8))
        challenge.partner_cities.set([network.durban])
    # One of each, with one row in each of its relations.
    network.few = {"cities": city, "events": event, "roadmaps": roadmap, "practices": practice}
    return network


def test_list_query_count_does_not_depend_on_page_size(api, crowd, subtests):
    for endpoint in LISTS:
        with subtests.test(endpoint=endpoint):
            url = f"/api/v1/{endpoint}/"
            # There are only four pillars: a page of two against a page of all of them.
            small = 2 if endpoint == "pillars" else 5
            with captured_queries() as first:
                page = results(api.get(url, {"page_size": small}))
            with captured_queries() as second:
                everything = results(api.get(url, {"page_size": 100}))
            assert len(page) == small
            assert len(everything) > small
            assert_same_query_count(first, second)


DETAILS_WITH_MANY_RELATIONS = {
    "cities": "maputo",
    "events": "maputo-2012",
    "roadmaps": "maputo-roadmap",
    "practices": "chefchaouen-ecotourism",
}


def test_detail_query_count_does_not_depend_on_relations(api, crowd, subtests):
    for endpoint, many in DETAILS_WITH_MANY_RELATIONS.items():
        with subtests.test(endpoint=endpoint):
            with captured_queries() as first:
                few = crowd.few[endpoint].slug
                assert api.get(f"/api/v1/{endpoint}/{few}/").status_code == 200
            with captured_queries() as second:
                assert api.get(f"/api/v1/{endpoint}/{many}/").status_code == 200
            assert_same_query_count(first, second)


def test_pages_have_twenty_rows_by_default_and_at_most_a_hundred(api, db):
    body = api.get("/api/v1/countries/").json()
    assert len(body["results"]) == 20
    total = body["count"]
    assert total > 100
    assert body["previous"] is None
    assert body["next"].endswith("/api/v1/countries/?page=2")
    # Above the cap is a 400 naming the parameter, as the schema's `maximum` says: not a
    # silently smaller page than the client asked for.
    for too_many in (101, 1000):
        response = api.get("/api/v1/countries/", {"page_size": too_many})
        assert response.status_code == 400
        assert "100" in response.json()["page_size"][0]
    assert len(api.get("/api/v1/countries/", {"page_size": 100}).json()["results"]) == 100
    last = total // 100 + 1
    body = api.get("/api/v1/countries/", {"page_size": 100, "page": last}).json()
    assert len(body["results"]) == total - 100 * (last - 1)
    assert body["next"] is None
    assert api.get("/api/v1/countries/", {"page": "last"}).status_code == 200


def test_pages_do_not_overlap_when_rows_tie_on_the_ordering(api, db):
    for _ in range(7):
        CityFactory(population=100_000)
    seen = []
    for page in (1, 2, 3):
        response = api.get(
            "/api/v1/cities/", {"ordering": "population", "page_size": 3, "page": page}
        )
        seen += [row["slug"] for row in results(response)]
    assert len(seen) == len(set(seen)) == 7


def test_a_page_beyond_the_last_is_404(api, network):
    response = api.get("/api/v1/cities/", {"page": 2})
    assert response.status_code == 404
    assert "detail" in response.json()


BAD_PARAMETERS = [
    ("events", {"sdg": "99"}, "sdg"),
    ("events", {"sdg": "eight"}, "sdg"),
    ("practices", {"sdg": "0"}, "sdg"),
    ("events", {"pillar": "happiness"}, "pillar"),
    ("practices", {"pillar": "happiness"}, "pillar"),
    ("cities", {"region": "atlantis"}, "region"),
    ("events", {"region": "atlantis"}, "region"),
    ("practices", {"region": "atlantis"}, "region"),
    ("countries", {"region": "atlantis"}, "region"),
    ("events", {"start_after": "2013-02-30"}, "start_after"),
    ("events", {"start_before": "yesterday"}, "start_before"),
    ("events", {"year": "twenty-twelve"}, "year"),
    ("events", {"year": "2012.5"}, "year"),
    ("events", {"year": "0"}, "year"),
    ("practices", {"year": "99999"}, "year"),
    ("cities", {"population_class": "huge"}, "population_class"),
    ("cities", {"global_south": "maybe"}, "global_south"),
    ("countries", {"global_south": "2"}, "global_south"),
    ("practices", {"stale": "perhaps"}, "stale"),
    ("cities", {"country": "XX"}, "country"),
    ("cities", {"country": "mozambique"}, "country"),
    ("organizations", {"country": "XX"}, "country"),
    ("organizations", {"kind": "club"}, "kind"),
    ("cities", {"sector": "piracy"}, "sector"),
    ("cities", {"network": "no-such-network"}, "network"),
    ("events", {"city": "atlantis"}, "city"),
    ("events", {"host": "atlantis"}, "host"),
    ("events", {"country": "XX"}, "country"),
    ("events", {"kind": "party"}, "kind"),
    ("events", {"status": "postponed"}, "status"),
    ("events", {"modality": "east-west"}, "modality"),
    ("events", {"sector": "piracy"}, "sector"),
    ("partnerships", {"city": "atlantis"}, "city"),
    ("partnerships", {"kind": "alliance"}, "kind"),
    ("partnerships", {"status": "frozen"}, "status"),
    ("roadmaps", {"event": "no-such-event"}, "event"),
    ("roadmaps", {"city": "atlantis"}, "city"),
    ("practices", {"criterion": "beauty"}, "criterion"),
    ("practices", {"organization": "nobody"}, "organization"),
    ("practices", {"status": "lost"}, "status"),
    ("practices", {"city": "atlantis"}, "city"),
    ("practices", {"country": "XX"}, "country"),
    ("practices", {"sector": "piracy"}, "sector"),
    ("adoptions", {"practice": "nothing"}, "practice"),
    ("adoptions", {"city": "atlantis"}, "city"),
    ("adoptions", {"stage": "dreaming"}, "stage"),
    ("adoptions", {"event": "no-such-event"}, "event"),
    ("cities", {"ordering": "-secret"}, "ordering"),
    ("events", {"ordering": "start_date,password"}, "ordering"),
    ("sdgs", {"ordering": "colour"}, "ordering"),
    ("cities", {"page": "two"}, "page"),
    ("cities", {"page": "0"}, "page"),
    ("cities", {"page_size": "-1"}, "page_size"),
    ("cities", {"page_size": "many"}, "page_size"),
    ("cities", {"format": "xml"}, "format"),
    ("roadmaps", {"format": "csv"}, "format"),
    ("cities", {"q": "nul\x00byte"}, "q"),
]


def test_a_bad_parameter_is_a_400_naming_it(api, network, subtests):
    for endpoint, params, parameter in BAD_PARAMETERS:
        with subtests.test(endpoint=endpoint, params=params):
            response = api.get(f"/api/v1/{endpoint}/", params)
            assert response.status_code == 400, response.content
            assert response["Content-Type"] == "application/json"
            body = response.json()
            assert parameter in body
            assert all(isinstance(message, str) and message for message in body[parameter])


def test_every_bad_parameter_is_reported_at_once(api, network):
    response = api.get("/api/v1/events/", {"sdg": "99", "year": "abc", "pillar": "joy"})
    assert response.status_code == 400
    assert set(response.json()) == {"sdg", "year", "pillar"}


def test_a_bad_parameter_to_an_export_is_answered_in_json(api, network):
    response = api.get("/api/v1/events/", {"format": "ics", "start_after": "soon"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "start_after" in response.json()


def test_detail_views_take_no_export_format(api, network):
    response = api.get("/api/v1/cities/maputo/", {"format": "csv"})
    assert response.status_code == 400
    assert "format" in response.json()


UNKNOWN_OBJECTS = [
    "countries/XX/",
    "countries/mz/",
    "cities/atlantis/",
    "organizations/nobody/",
    "partnerships/none/",
    "events/no-such-event/",
    "roadmaps/no-such-roadmap/",
    "practices/no-such-practice/",
    "adoptions/999999/",
    "adoptions/first/",
    "pillars/happiness/",
    "sdgs/99/",
    "sdgs/eight/",
    "sdgs/99999999999999999999999/",
]


def test_an_unknown_object_is_a_404(api, network, subtests):
    for path in UNKNOWN_OBJECTS:
        with subtests.test(path=path):
            response = api.get(f"/api/v1/{path}")
            assert response.status_code == 404
            assert response.json()["detail"]


def test_the_root_lists_every_endpoint(api, db):
    body = api.get("/api/v1/").json()
    # The public lists, the partners' own webhook subscriptions and one's own follows.
    assert set(body) == {*LISTS, "webhooks", "follows"}


def test_the_api_is_read_only_for_now(api, network, curator):
    for client in ("anonymous", "curator"):
        if client == "curator":
            api.force_authenticate(curator)
        for method in ("post", "put", "patch", "delete"):
            for url in ("/api/v1/cities/", "/api/v1/cities/maputo/"):
                assert getattr(api, method)(url, {}).status_code in (401, 403, 405)


def test_a_method_no_route_allows_is_a_405_for_everyone(api, network, curator):
    # Was a 403 for a curator: the permission refused before the view could say 405.
    api.force_authenticate(curator)
    response = api.delete("/api/v1/cities/maputo/")
    assert response.status_code == 405
    assert "DELETE" not in response["Allow"]
    assert "GET" in response["Allow"]
    assert api.post("/api/v1/cities/", {}).status_code == 405


@pytest.mark.parametrize(
    "path",
    [
        "/api/",
        "/api/v1/nothing/",
        "/api/v1/sdgs/0.5/",
        "/api/v1/events/maputo-2012/nothing/",
        "/api/v1/events/%0A/registrations/x/cancel/",
    ],
)
def test_every_path_under_api_answers_a_404_in_json(api, network, path):
    response = api.post(path, {}) if "cancel" in path else api.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"detail"}


def test_a_path_without_its_trailing_slash_is_served_not_redirected(api, network, official):
    # APPEND_SLASH would answer a POST with a 500 under DEBUG, and with a 301 that the
    # client follows as a GET without its body in production.
    api.force_authenticate(official)
    response = api.post("/api/v1/practices/suggest-tags", {"text": "informal markets"})
    assert response.status_code == 200
    assert "suggestions" in response.json()
    created = api.post(
        "/api/v1/adoptions",
        {"practice": "chefchaouen-ecotourism", "stage": "studying"},
    )
    assert created.status_code == 201, created.content
    adoption = created.json()["id"]
    assert api.patch(f"/api/v1/adoptions/{adoption}", {"stage": "sustained"}).json()["stage"] == (
        "sustained"
    )
    assert api.get("/api/v1/events/maputo-2012").json()["slug"] == "maputo-2012"
    assert api.get("/api/v1/nothing").status_code == 404


def test_the_api_reads_json_bodies_only(api, official):
    api.force_authenticate(official)
    for body, content_type in [
        ("text=markets", "application/x-www-form-urlencoded"),
        (
            "--x\r\nContent-Disposition: form-data; name=text\r\n\r\nmarkets\r\n--x--",
            "multipart/form-data; boundary=x",
        ),
    ]:
        response = api.generic("POST", "/api/v1/practices/suggest-tags/", body, content_type)
        assert response.status_code == 415
        assert set(response.json()) == {"detail"}


def slugs_ordered_by(api, ordering) -> list[str]:
    return [row["slug"] for row in results(api.get("/api/v1/cities/", {"ordering": ordering}))]


def test_several_ordering_keys_in_one_parameter_or_repeated(api, network):
    # As generated clients send an array: `?ordering=-population&ordering=name`, which
    # used to order by the last key alone.
    repeated = slugs_ordered_by(api, ["-population", "name"])
    assert repeated == slugs_ordered_by(api, "-population,name")
    assert repeated != slugs_ordered_by(api, "name")
    assert slugs_ordered_by(api, ["name", "-population"]) == slugs_ordered_by(api, "name")


def test_a_repeated_ordering_parameter_is_checked_key_by_key(api, network):
    response = api.get("/api/v1/cities/", {"ordering": ["name", "nothing"]})
    assert response.status_code == 400
    assert "ordering" in response.json()


def test_token_authentication(api, network, curator):
    token = Token.objects.create(user=curator)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert "durban-draft" in keys(api.get("/api/v1/practices/"))
    api.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    response = api.get("/api/v1/practices/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_session_authentication(client, network, curator):
    client.force_login(curator)
    response = client.get("/api/v1/practices/")
    assert "durban-draft" in {row["slug"] for row in response.json()["results"]}


@pytest.fixture
def low_rates(monkeypatch):
    monkeypatch.setattr(
        RoleRateThrottle, "THROTTLE_RATES", {"anon": "3/min", "user": "4/min", "partner": "6/min"}
    )


def test_the_rates_come_from_the_settings(settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    assert rates == {"anon": "60/min", "user": "120/min", "partner": "1000/min"}


def requests_until_throttled(api, limit=20) -> tuple[int, object]:
    for count in range(limit):
        response = api.get("/api/v1/pillars/")
        if response.status_code != 200:
            return count, response
    raise AssertionError(f"not throttled after {limit} requests")


def test_anonymous_clients_are_throttled_with_retry_after(api, db, low_rates):
    allowed, response = requests_until_throttled(api)
    assert allowed == 3
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert response.json()["detail"]


def test_partners_have_a_higher_rate_than_other_accounts(api, db, low_rates, partner, official):
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=partner).key}")
    assert requests_until_throttled(api)[0] == 6
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=official).key}")
    assert requests_until_throttled(api)[0] == 4


def test_the_browsable_api_renders_every_list(api, network, subtests):
    for endpoint in LISTS:
        with subtests.test(endpoint=endpoint):
            response = api.get(f"/api/v1/{endpoint}/", {"format": "api"}, HTTP_ACCEPT="text/html")
            assert response.status_code == 200
            assert response["Content-Type"].startswith("text/html")


def test_ordering_keeps_the_order_rows_already_have_after_the_requested_one():
    # A ranked search orders its rows before ?ordering= applies: the ranking must survive
    # as the tie-breaker, and the model's order when there is none.
    ordering = StableOrderingFilter(fields=["start_date", "title"])
    ranked = Event.objects.order_by("-summary")
    assert ordering.filter(ranked, ["-start_date"]).query.order_by == (
        "-start_date",
        "-summary",
        "pk",
    )
    assert ordering.filter(ranked, None).query.order_by == ("-summary", "pk")
    assert ordering.filter(Event.objects.all(), None).query.order_by == (
        "-start_date",
        "title",
        "pk",
    )


# The CSV for Excel, and the licence of the data in the schema and every open export.

BOM = "\ufeff".encode()
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"


def exported(response) -> bytes:
    assert response.status_code == 200, response.content
    return b"".join(response.streaming_content)


def test_a_csv_export_starts_with_a_byte_order_mark_on_request(api, network):
    plain = exported(api.get("/api/v1/cities/", {"format": "csv"}))
    assert not plain.startswith(BOM)
    for value in ("1", "true", "TRUE"):
        for_excel = exported(api.get("/api/v1/cities/", {"format": "csv", "bom": value}))
        assert for_excel == BOM + plain, value
        assert "Odienné" in for_excel.decode("utf-8-sig")
    assert exported(api.get("/api/v1/cities/", {"format": "csv", "bom": "0"})) == plain


def test_a_bad_byte_order_mark_value_is_a_400_naming_it(api, network):
    response = api.get("/api/v1/practices/", {"format": "csv", "bom": "maybe"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert "bom" in response.json()


def test_only_csv_takes_a_byte_order_mark(api, network):
    geojson = exported(api.get("/api/v1/cities/", {"format": "geojson", "bom": "1"}))
    calendar = exported(api.get("/api/v1/events/", {"format": "ics", "bom": "1"}))
    assert not geojson.startswith(BOM)
    assert not calendar.startswith(BOM)


def test_every_open_export_names_the_licence(api, network, subtests):
    for url, export in [
        ("/api/v1/cities/", "csv"),
        ("/api/v1/cities/", "geojson"),
        ("/api/v1/events/", "csv"),
        ("/api/v1/events/", "ics"),
        ("/api/v1/practices/", "csv"),
    ]:
        with subtests.test(url=url, export=export):
            response = api.get(url, {"format": export})
            assert response["Link"] == f'<{LICENSE_URL}>; rel="license"'
            body = exported(response).decode()
            if export == "geojson":
                assert json.loads(body)["license"] == {"name": "CC BY 4.0", "url": LICENSE_URL}
            if export == "ics":
                assert "X-LICENSE:CC BY 4.0\r\n" in body
                assert f"X-LICENSE-URL:{LICENSE_URL}\r\n" in body


def test_the_licence_comes_from_the_settings(api, network, settings):
    settings.DATA_LICENSE_NAME = "ODbL 1.0"
    settings.DATA_LICENSE_URL = "https://opendatacommons.org/licenses/odbl/1-0/"
    response = api.get("/api/v1/cities/", {"format": "geojson"})
    assert response["Link"] == '<https://opendatacommons.org/licenses/odbl/1-0/>; rel="license"'
    assert json.loads(exported(response))["license"]["name"] == "ODbL 1.0"


def test_the_schema_names_the_licence_the_contact_and_the_server(api, settings):
    schema = api.get("/api/schema/", {"format": "json"}).json()
    assert schema["info"]["license"] == {"name": "CC BY 4.0", "url": LICENSE_URL}
    assert schema["info"]["contact"]["url"] == f"{settings.SITE_URL}/"
    assert schema["servers"] == [{"url": settings.SITE_URL}]
    parameters = {p["name"] for p in schema["paths"]["/api/v1/cities/"]["get"]["parameters"]}
    assert "bom" in parameters
    detail = schema["paths"]["/api/v1/cities/{slug}/"]["get"].get("parameters", [])
    assert "bom" not in {p["name"] for p in detail}


def test_registration_exports_take_a_byte_order_mark_and_are_never_cached(
    api, client, official, city
):
    event = EventFactory(slug="open-event", host_city=city)
    RegistrationFactory(event=event, name="Inês Mondlane")
    client.force_login(official)
    web = client.get(f"/events/{event.slug}/registrations/", {"format": "csv", "bom": "1"})
    body = exported(web)
    assert body.startswith(BOM)
    assert "Inês Mondlane" in body.decode("utf-8-sig")
    assert "no-store" in web["Cache-Control"]
    assert "Link" not in web  # personal data: no open licence
    bad = client.get(f"/events/{event.slug}/registrations/", {"format": "csv", "bom": "x"})
    assert bad.status_code == 400
    api.force_authenticate(official)
    through_api = api.get(
        f"/api/v1/events/{event.slug}/registrations/", {"format": "csv", "bom": "1"}
    )
    assert exported(through_api).startswith(BOM)
    assert "public" not in through_api["Cache-Control"]


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        # DRF turned each of these into the type the schema asks for, and accepted them.
        ("/api/v1/practices/suggest-tags/", {"text": 0}, "text"),
        ("/api/v1/practices/", {"title": "T", "summary": "S", "sdgs": ["8"]}, "sdgs"),
        ("/api/v1/practices/", {"title": "T", "summary": "S", "start_year": "2010"}, "start_year"),
        ("/api/v1/practices/", {"title": 5, "summary": "S"}, "title"),
        (
            "/api/v1/adoptions/",
            {"practice": "maputo-markets", "stage": "sustained", "year": "2020"},
            "year",
        ),
        ("/api/v1/events/barcelona-2030/registrations/", {"consent": "true"}, "consent"),
        (
            "/api/v1/events/",
            {"participants": [{"city": "durban", "role": "peer", "delegation_size": "4"}]},
            "participants",
        ),
    ],
)
def test_a_value_of_the_wrong_json_type_is_a_400_naming_it(
    api, network, official, path, body, field
):
    api.force_authenticate(official)
    response = api.post(path, body)
    assert response.status_code == 400, response.content
    assert field in response.json()


@pytest.mark.parametrize(
    "parameter", ["start_before", "start_after", "year", "sdg", "status", "kind", "ordering"]
)
def test_a_typed_parameter_sent_empty_is_a_400_naming_it(api, network, parameter):
    response = api.get("/api/v1/events/", {parameter: ""})
    assert response.status_code == 400
    assert parameter in response.json()
    assert api.get("/api/v1/events/", {"q": ""}).status_code == 200


def test_an_unsupported_method_is_a_405_whatever_the_format_asked(api, network):
    # The export formats exist for GET only: negotiating them first answered a 400.
    response = api.generic("TRACE", "/api/v1/cities/?format=csv")
    assert response.status_code == 405
    assert "GET" in response["Allow"]
