"""Trust and polish: the favicon, the API's front door and docs, the network's legend,
short dates in each language's case, phrases that agree with what they are about, and a
header whose main navigation keeps to one row."""

import datetime
import re

import pytest
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.utils import translation

from cities.models import Region
from exchanges.rules import Modality
from matching.explanation import region_reason
from portal.network import ADOPTION, LINE_DASHES, PARTNERSHIP
from practices.agreement import decision_in_phrase, status_in_phrase
from practices.models import PracticeStatus, ReviewDecision
from practices.services import decide_on_practice
from tests.factories import (
    CityFactory,
    EventFactory,
    ParticipationFactory,
    PartnershipFactory,
    PracticeFactory,
    country,
)

# The favicon -----------------------------------------------------------------------


def test_the_favicon_is_served_as_svg_and_png():
    for name in ("img/favicon.svg", "img/favicon-32.png", "img/apple-touch-icon.png"):
        assert finders.find(name), name
    with open(finders.find("img/favicon-32.png"), "rb") as png:
        assert png.read(8) == b"\x89PNG\r\n\x1a\n"


@pytest.mark.django_db
def test_every_page_links_the_favicon_and_its_png_fallback(client):
    html = client.get("/").content.decode()
    assert re.search(r'<link rel="icon" href="[^"]*favicon\.svg" type="image/svg\+xml">', html)
    assert re.search(r'<link rel="icon" href="[^"]*favicon-32\.png" type="image/png"', html)
    assert 'rel="apple-touch-icon"' in html


def test_the_old_favicon_address_leads_to_the_png(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon-32.png")


# The API's front door and docs -----------------------------------------------------


@pytest.mark.django_db
def test_the_api_root_links_its_docs_and_schema(client):
    response = client.get("/api/v1/")
    assert response.status_code == 200
    assert '</api/docs/>; rel="service-doc"' in response["Link"]
    assert '</api/schema/>; rel="service-desc"' in response["Link"]
    # The body is still the map of the lists.
    assert response.json()["practices"].endswith("/api/v1/practices/")


@pytest.mark.django_db
def test_the_browsable_api_root_is_branded_and_links_the_docs(client):
    html = client.get("/api/v1/", HTTP_ACCEPT="text/html").content.decode()
    assert "<title>API root · PeerCities API</title>" in html
    assert 'href="/api/docs/"' in html and 'href="/api/schema/"' in html
    assert "favicon.svg" in html
    assert "<style" not in html  # the CSP refuses inline styles


def test_the_api_docs_name_their_language_and_have_no_inline_style(client):
    html = client.get("/api/docs/").content.decode()
    assert '<html lang="en">' in html
    # The frame follows the reader; Swagger UI and the schema are English.
    french = client.get("/api/docs/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<html lang="fr">' in french
    assert '<main id="swagger-ui" lang="en">' in french
    assert "<style" not in html
    assert "<script>" not in html  # the start-up script is a file (the split view)
    assert "api-docs.css" in html and "favicon.svg" in html


# The cooperation network's legend ----------------------------------------------------


def test_each_kind_of_link_has_its_own_line():
    kinds = [m.value for m in Modality] + [PARTNERSHIP, ADOPTION]
    assert set(LINE_DASHES) == set(kinds)
    # Adoptions share the solid line of South-South exchanges, told apart by their arrow.
    undirected = [tuple(LINE_DASHES[kind]) for kind in kinds if kind != ADOPTION]
    assert len(set(undirected)) == len(undirected)


@pytest.mark.django_db
def test_the_legend_draws_each_kind_of_link_as_the_graph_does(client):
    maputo = CityFactory(slug="maputo", name="Maputo")
    durban = CityFactory(slug="durban", name="Durban", country=country("ZA"))
    event = EventFactory(host_city=maputo, start_date=datetime.date(2012, 11, 26))
    ParticipationFactory(event=event, city=durban)
    PartnershipFactory(slug="p").cities.set([maputo, durban])
    html = client.get("/network/").content.decode()
    legend = html[html.index('class="legend legend-links"') : html.index("</aside>")]
    for kind in ("triangular", "north-south", "north-north", PARTNERSHIP):
        item = re.search(rf'<li data-kind="{kind}">(.*?)</li>', legend).group(1)
        dashes = " ".join(str(length) for length in LINE_DASHES[kind])
        assert f'stroke-dasharray="{dashes}"' in item
    solid = re.search(r'<li data-kind="south-south">(.*?)</li>', legend).group(1)
    assert "stroke-dasharray" not in solid
    arrow = re.search(rf'<li data-kind="{ADOPTION}">(.*?)</li>', legend).group(1)
    assert "<polygon" in arrow
    # The graph's own data carries the same patterns for network.js.
    assert '"dash": [12, 4]' in html
    assert "data-network-controls hidden" in html


# Dates and phrases in each language ------------------------------------------------


def render(template: str, **context) -> str:
    return Template("{% load portal_tags %}" + template).render(Context(context))


def test_short_months_are_lower_case_where_the_language_wants_it():
    day = datetime.date(2013, 6, 5)
    expected = {
        "en": ("Jun 2013", "5 Jun 2013"),
        "fr": ("juin 2013", "5 juin 2013"),
        "es": ("junio 2013", "5 junio 2013"),
        # The Brazilian catalogue abbreviates as the AP does: not June or July.
        "pt": ("junho 2013", "5 junho 2013"),
    }
    for language, (month, date) in expected.items():
        with translation.override(language):
            assert render("{{ d|month_year }}", d=day) == month
            assert render("{{ d|day_month_year }}", d=day) == date
    assert render("{{ d|month_year|default:'none' }}", d=None) == "none"


def test_july_is_not_june_in_french():
    with translation.override("fr"):
        june = render("{{ d|month_year }}", d=datetime.date(2013, 6, 1))
        july = render("{{ d|month_year }}", d=datetime.date(2013, 7, 1))
    assert june != july


def test_each_region_has_its_own_also_in_phrase():
    phrases = {region: region_reason(region) for region in Region.values}
    assert phrases[Region.AFRICA] == "also in Africa"
    assert phrases[Region.AMERICAS] == "also in the Americas"
    assert len(set(phrases.values())) == len(Region.values)


def test_every_status_and_decision_has_its_phrase():
    assert {status_in_phrase(s) for s in PracticeStatus.values} >= {"draft", "published"}
    assert decision_in_phrase(ReviewDecision.CHANGES_REQUESTED) == "sent back for changes"


@pytest.mark.django_db
def test_a_refused_transition_reads_as_one_phrase(curator):
    practice = PracticeFactory(status=PracticeStatus.DRAFT)
    with pytest.raises(ValidationError) as error:
        decide_on_practice(practice=practice, decision=ReviewDecision.PUBLISHED, by=curator)
    assert error.value.message_dict["status"] == ["A draft practice cannot be published."]


# The header ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_account_links_sit_beside_the_languages(client, curator):
    client.force_login(curator)
    html = client.get("/fr/").content.decode()
    top = html[html.index("language-bar") : html.index("masthead")]
    assert 'class="user-nav"' in top and "/fr/accounts/my-data/" in top
    assert 'action="/fr/accounts/logout/"' in top
    start = html.index('class="site-nav"')
    nav = html[start : html.index("</nav>", start)]
    assert "/fr/review/" in nav
    assert "my-data" not in nav and "logout" not in nav


@pytest.mark.django_db
def test_a_visitor_signs_in_from_the_top_bar(client):
    html = client.get("/fr/cities/").content.decode()
    top = html[html.index("language-bar") : html.index("masthead")]
    assert 'href="/fr/accounts/login/?next=/fr/cities/"' in top
