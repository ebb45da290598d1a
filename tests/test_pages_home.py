"""The home page, search, the error pages, and what every page shares: titles, meta
descriptions, landmarks, labels, no CDN."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.test import override_settings
from django.views.defaults import server_error

from tests.factories import (
    ActionFactory,
    CityFactory,
    EventFactory,
    ParticipationFactory,
    PracticeFactory,
    RoadmapFactory,
    country,
)
from tests.utils import assert_constant_queries

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


@pytest.fixture
def network():
    maputo = CityFactory(slug="maputo", name="Maputo")
    durban = CityFactory(slug="durban", name="Durban", country=country("ZA"))
    held = EventFactory(
        slug="maputo-2012",
        title="Maputo peer learning event",
        host_city=maputo,
        start_date=datetime.date(2012, 11, 26),
    )
    ParticipationFactory(event=held, city=durban)
    EventFactory(
        slug="durban-soon",
        title="Upcoming exchange in Durban",
        host_city=durban,
        start_date=TODAY + datetime.timedelta(days=30),
        status="open",
    )
    roadmap = RoadmapFactory(slug="maputo-roadmap", title="Maputo roadmap", event=held)
    ActionFactory(roadmap=roadmap, title="Meet in Dakar")
    practice = PracticeFactory(
        slug="market-waste", title="Market waste management in Maputo", city=maputo
    )
    from base.models import Pillar

    practice.pillars.add(Pillar.objects.get(slug="employment"))
    PracticeFactory(
        title="Hidden draft about Maputo", city=maputo, status="draft", published_at=None
    )
    return {"maputo": maputo, "durban": durban}


# Home


def test_home_says_what_the_network_is_with_figures_events_practices_and_map(client, network):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" in html and "Cities learning from cities" in html
    figures = response.context["figures"]
    assert figures == {"cities": 2, "countries": 2, "events": 2, "practices": 1}
    assert html.index("Upcoming exchanges") < html.index("Upcoming exchange in Durban")
    assert "Maputo peer learning event" in html
    assert "Market waste management in Maputo" in html
    assert "Hidden draft" not in html
    assert 'href="/practices/?pillar=employment"' in html
    # The map loads its cities: a page does not carry thousands of them.
    url = re.search(r'data-points-url="([^"]+)"', html).group(1)
    assert url == "/cities/map-points.json"
    points = client.get(url).json()
    assert sorted(point["name"] for point in points) == ["Durban", "Maputo"]
    assert "/static/vendor/leaflet/leaflet.js" in html
    assert "/static/vendor/leaflet/leaflet.css" in html


def test_home_map_takes_its_tiles_from_the_setting(client, network):
    with override_settings(MAP_TILE_URL="https://tiles.intranet.example/{z}/{x}/{y}.png"):
        html = client.get("/").content.decode()
    assert 'data-tile-url="https://tiles.intranet.example/{z}/{x}/{y}.png"' in html


def test_home_of_an_empty_network(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "No exchange is planned at the moment." in response.content.decode()


def test_home_query_count_does_not_grow_with_the_network(client, network):
    def grow():
        for _ in range(6):
            event = EventFactory(start_date=TODAY - datetime.timedelta(days=3))
            PracticeFactory(city=event.host_city)
            EventFactory(start_date=TODAY + datetime.timedelta(days=3), status="open")

    assert_constant_queries(lambda: client.get("/"), grow)


def test_pages_answer_under_a_language_prefix(client, network):
    assert client.get("/fr/cities/maputo/").status_code == 200
    assert client.get("/pt/").status_code == 200
    assert client.get("/es/practices/?pillar=employment").status_code == 200


# Search


def test_search_finds_cities_events_roadmaps_and_practices(client, network):
    response = client.get("/search/?q=maputo")
    assert response.status_code == 200
    html = response.content.decode()
    sections = {section.key: section for section in response.context["sections"]}
    assert [c.name for c in sections["cities"].hits] == ["Maputo"]
    assert [e.title for e in sections["events"].hits] == ["Maputo peer learning event"]
    assert [r.title for r in sections["roadmaps"].hits] == ["Maputo roadmap"]
    assert [p.title for p in sections["practices"].hits] == ["Market waste management in Maputo"]
    assert "Hidden draft" not in html
    assert "4 results for “maputo”" in html
    assert "<title>Search: maputo · PeerCities</title>" in html
    assert 'value="maputo"' in html


def test_search_links_to_the_full_filtered_lists(client, network):
    for n in range(7):
        CityFactory(name=f"Matola {n}")
    html = client.get("/search/?q=matola").content.decode()
    assert 'href="/cities/?q=matola"' in html
    assert "See all 7 results" in html
    listed = client.get("/cities/?q=matola")
    assert listed.context["page_obj"].paginator.count == 7


def test_search_without_words_asks_for_some(client, network):
    for url in ("/search/", "/search/?q=", "/search/?q=%20%20"):
        response = client.get(url)
        assert response.status_code == 200
        assert response.context["sections"] == []
        assert "Type a city, a country" in response.content.decode()


@pytest.mark.parametrize("q", ["%", "_", "'; drop table", "x" * 300, "%00", "<script>"])
def test_search_takes_any_input(client, network, q):
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("</header>", 1)[1]


def test_search_query_count_does_not_grow_with_hits(client, network):
    def grow():
        for _ in range(4):
            city = CityFactory(name="Maputo Province town")
            EventFactory(title="Maputo follow-up", host_city=city)
            RoadmapFactory(title="Maputo roadmap, again")
            PracticeFactory(title="Maputo practice", city=city)

    assert_constant_queries(lambda: client.get("/search/?q=maputo"), grow)


# Error pages


def test_404_page_is_in_the_site_style(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We could not find this page" in html
    assert 'class="site-header"' in html
    assert 'href="/static/css/portal.css"' in html
    assert '<form class="search-within" method="get" action="/search/"' in html


def test_500_page_is_in_the_site_style_and_needs_no_request_context(rf):
    response = server_error(rf.get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html
    assert 'class="site-header"' in html
    assert "<title>Something went wrong · PeerCities</title>" in html


# What every page shares


class PageAudit(HTMLParser):
    """Collects what the accessibility checks below look at."""

    def __init__(self):
        super().__init__()
        self.h1 = 0
        self.labels_for = set()
        self.controls = []  # (tag, id, type, aria-label)
        self.images_without_alt = 0
        self.external = []
        self.title = ""
        self._in_title = False
        self.description = None
        self.lang = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag == "h1":
            self.h1 += 1
        if tag == "title":
            self._in_title = True
        if tag == "meta" and attrs.get("name") == "description":
            self.description = attrs.get("content")
        if tag == "label" and attrs.get("for"):
            self.labels_for.add(attrs["for"])
        if tag in ("input", "select", "textarea") and attrs.get("type") not in ("hidden", "submit"):
            self.controls.append((tag, attrs.get("id"), attrs.get("aria-label")))
        if tag == "img" and "alt" not in attrs:
            self.images_without_alt += 1
        for name in ("src", "href"):
            value = attrs.get(name) or ""
            # Canonical and other-language links name pages, absolute by nature: only
            # what the browser loads (scripts, stylesheets, icons) must be local.
            loaded = tag == "script" or (
                tag == "link" and attrs.get("rel") not in ("canonical", "alternate")
            )
            if loaded and value.startswith(("http:", "https:", "//")):
                self.external.append(value)

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


PAGES = [
    "/",
    "/cities/",
    "/cities/?region=africa",
    "/cities/maputo/",
    "/events/",
    "/events/?when=past&sdg=99",
    "/events/maputo-2012/",
    "/roadmaps/",
    "/roadmaps/maputo-roadmap/",
    "/practices/",
    "/practices/?pillar=employment",
    "/practices/market-waste/",
    "/search/?q=maputo",
    "/no-such-page/",
]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_has_a_title_a_description_one_h1_and_labelled_controls(client, network, url):
    response = client.get(url)
    assert response.status_code in (200, 404)
    html = response.content.decode()
    audit = PageAudit()
    audit.feed(html)
    assert audit.lang == "en"
    assert audit.title.strip().endswith("· PeerCities") and len(audit.title) > len("· PeerCities")
    assert audit.description and len(audit.description.strip()) > 20
    assert audit.h1 == 1
    assert '<a class="skip-link" href="#main">' in html and '<main id="main"' in html
    for tag, control_id, aria_label in audit.controls:
        assert aria_label or control_id in audit.labels_for, f"unlabelled {tag} #{control_id}"
    assert audit.images_without_alt == 0
    assert audit.external == [], "no CDN: front-end libraries are served by staticfiles"


def test_titles_differ_from_page_to_page(client, network):
    titles = set()
    for url in PAGES:
        audit = PageAudit()
        audit.feed(client.get(url).content.decode())
        titles.add(audit.title)
    assert len(titles) >= 11


def test_every_page_footer_states_the_data_licence(client, network, settings):
    license_link = (
        '<a href="https://creativecommons.org/licenses/by/4.0/" rel="license">CC BY 4.0</a>'
    )
    for url in ("/", "/cities/", "/events/", "/practices/", "/fr/cities/"):
        assert license_link in client.get(url).content.decode(), url
    settings.DATA_LICENSE_NAME = "ODbL 1.0"
    settings.DATA_LICENSE_URL = "https://opendatacommons.org/licenses/odbl/1-0/"
    assert 'rel="license">ODbL 1.0</a>' in client.get("/cities/").content.decode()
