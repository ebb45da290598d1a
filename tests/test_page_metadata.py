"""What pages tell machines: schema.org JSON-LD that parses with the right types,
OpenGraph, the canonical address and the page in every language, from SITE_URL; and the
calendar subscription links."""

import json
from html.parser import HTMLParser

import pytest

from base.models import Pillar
from tests.factories import CityFactory, EventFactory, OrganizationFactory, PracticeFactory
from tests.utils import assert_constant_queries

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def public_site(settings):
    settings.SITE_URL = "https://peercities.example.org"
    settings.ALLOWED_HOSTS = ["*"]


class HeadParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.meta, self.json_ld, self.anchors = [], {}, [], []
        self._in_json_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link":
            self.links.append(attrs)
        if tag == "meta" and attrs.get("property"):
            self.meta.setdefault(attrs["property"], []).append(attrs["content"])
        if tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_json_ld = True
            self.json_ld.append("")
        if tag == "a":
            self.anchors.append(attrs.get("href", ""))

    def handle_endtag(self, tag):
        self._in_json_ld = False if tag == "script" else self._in_json_ld

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld[-1] += data


def head_of(client, url: str, **headers) -> HeadParser:
    response = client.get(url, **headers)
    assert response.status_code == 200
    parser = HeadParser()
    parser.feed(response.content.decode())
    return parser


def json_ld_of(client, url: str) -> dict:
    (data,) = head_of(client, url).json_ld
    return json.loads(data)


def test_an_event_page_describes_an_event_with_its_place_and_organizer(client):
    event = EventFactory(slug="maputo-2012", title="Markets", venue="Town hall")
    event.organizers.add(OrganizationFactory(name="UCLG", website="https://uclg.org"))
    data = json_ld_of(client, "/events/maputo-2012/")
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Event"
    assert data["name"] == "Markets"
    assert data["startDate"] == "2012-11-26"
    assert data["location"]["@type"] == "Place"
    assert data["location"]["name"] == "Town hall"
    assert data["location"]["geo"]["@type"] == "GeoCoordinates"
    assert data["organizer"] == [
        {"@type": "Organization", "name": "UCLG", "url": "https://uclg.org"}
    ]
    assert data["url"] == "https://peercities.example.org/events/maputo-2012/"


def test_a_city_page_describes_a_city_and_a_practice_a_creative_work(client):
    city = CityFactory(slug="maputo", name="Maputo")
    PracticeFactory(slug="markets", city=city)
    data = json_ld_of(client, "/cities/maputo/")
    assert data["@type"] == "City"
    assert data["containedInPlace"] == {
        "@type": "Country",
        "name": "Mozambique",
        "identifier": "MZ",
    }
    practice = json_ld_of(client, "/practices/markets/")
    assert practice["@type"] == "CreativeWork"
    assert practice["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert practice["spatialCoverage"]["@type"] == "City"


def test_markup_in_a_title_cannot_close_the_json_ld_script(client):
    EventFactory(slug="attack", title="</script><script>alert(1)</script>")
    html = client.get("/events/attack/").content.decode()
    assert "</script><script>alert(1)" not in html
    assert json_ld_of(client, "/events/attack/")["name"] == "</script><script>alert(1)</script>"


def test_a_page_names_its_canonical_address_and_its_other_languages(client):
    PracticeFactory(slug="markets")
    head = head_of(client, "/fr/practices/markets/", HTTP_HOST="10.0.0.7:8631")
    links = {(link["rel"], link.get("hreflang")): link["href"] for link in head.links}
    site = "https://peercities.example.org"
    assert links[("canonical", None)] == f"{site}/fr/practices/markets/"
    assert links[("alternate", "en")] == f"{site}/practices/markets/"
    assert links[("alternate", "fr")] == f"{site}/fr/practices/markets/"
    assert links[("alternate", "es")] == f"{site}/es/practices/markets/"
    assert links[("alternate", "pt")] == f"{site}/pt/practices/markets/"
    assert links[("alternate", "x-default")] == f"{site}/practices/markets/"
    assert head.meta["og:url"] == [f"{site}/fr/practices/markets/"]
    assert head.meta["og:locale"] == ["fr_FR"]
    assert head.meta["og:type"] == ["article"]
    assert "en_GB" in head.meta["og:locale:alternate"]


def test_the_home_page_has_opengraph_and_no_json_ld(client):
    head = head_of(client, "/")
    assert head.meta["og:type"] == ["website"]
    assert head.meta["og:title"][0].startswith("PeerCities")
    assert head.json_ld == []


def test_the_city_page_links_its_calendar_to_subscribe_to(client):
    CityFactory(slug="maputo")
    head = head_of(client, "/cities/maputo/")
    assert "webcal://peercities.example.org/api/v1/events/?format=ics&city=maputo" in head.anchors
    assert "/api/v1/events/?format=ics&city=maputo" in head.anchors


def test_the_event_list_offers_the_calendar_of_its_city_country_and_pillar(client):
    CityFactory(slug="maputo")
    Pillar.objects.get(slug="employment")
    head = head_of(client, "/events/?city=maputo&country=MZ&pillar=employment&kind=workshop")
    assert (
        "webcal://peercities.example.org/api/v1/events/?format=ics&city=maputo&country=MZ&pillar=employment"
        in head.anchors
    )
    # An unknown pillar is no calendar of its own: the page's filters were not understood.
    head = head_of(client, "/events/?pillar=nope")
    assert "webcal://peercities.example.org/api/v1/events/?format=ics" in head.anchors


def test_the_event_json_ld_keeps_a_constant_query_count(client):
    event = EventFactory(slug="fixed")
    event.organizers.add(OrganizationFactory())
    assert_constant_queries(
        lambda: client.get("/events/fixed/"),
        lambda: event.organizers.add(*OrganizationFactory.create_batch(3)),
    )
