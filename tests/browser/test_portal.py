"""The portal in a real browser: the map, the catalogue's facets, a practice, search,
keyboard access, pages without JavaScript, and phones 390 px wide."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.factories import (
    CityFactory,
    EventFactory,
    PracticeFactory,
    ResultFactory,
    RoadmapFactory,
    country,
)

pytestmark = [
    pytest.mark.browser,
    # The live server sees only committed data; the reference data (countries, pillars,
    # SDGs) is restored after each test.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def network():
    """A small network, with long names where the layout could break."""
    from base.models import SDG, Pillar, Sector

    maputo = CityFactory(slug="maputo", name="Maputo", latitude=-25.9653, longitude=32.5832)
    durban = CityFactory(
        slug="durban",
        name="Durban (eThekwini)",
        country=country("ZA"),
        latitude=-29.8587,
        longitude=31.0218,
    )
    lleida = CityFactory(
        slug="lleida", name="Lleida", country=country("ES"), latitude=41.6176, longitude=0.62
    )
    lleida.sectors.add(*Sector.objects.all()[:6])
    event = EventFactory(
        slug="maputo-2012",
        title="Hygiene, health and markets: peer learning event in Maputo",
        host_city=maputo,
    )
    RoadmapFactory(
        slug="maputo-roadmap",
        title="Maputo roadmap on South-South and triangular cooperation for local governments",
        event=event,
    )
    employment, _protection, dialogue, _rights = Pillar.objects.all()
    markets = PracticeFactory(
        slug="maputo-markets",
        title="Hygiene, health and waste management in Maputo's markets",
        summary="Maputo's markets opened to peer learning with Durban.",
        description="The council **organised** the markets.\n\n- drainage\n- stalls",
        city=maputo,
        source_url="https://www.ilo.org/wcmsp5/groups/public/---ed_emp/---emp_ent/documents/"
        "publication/wcms_a_very_long_document_name_without_any_break.pdf",
    )
    markets.pillars.add(employment)
    markets.sdgs.add(*SDG.objects.filter(number__in=[3, 6, 8, 11]))
    ResultFactory(practice=markets, indicator="Markets with waste collection")
    traders = PracticeFactory(
        slug="durban-traders",
        title="Working in partnership with informal traders in Durban",
        city=durban,
    )
    traders.pillars.add(employment, dialogue)
    traders.sdgs.add(SDG.objects.get(number=8))
    for n in range(3):
        PracticeFactory(title=f"Employment practice {n}", city=lleida).pillars.add(employment)
    return {"cities": 3, "practices": 5}


def test_home_page_shows_a_marker_per_city_without_any_tile_server(
    page, live_server, network, no_tiles, leaflet_installed
):
    page.goto(live_server.url + "/")
    expect(page.locator("h1")).to_contain_text("Cities learning from cities")
    assert page.locator("#home-map").get_attribute("data-tile-url") == no_tiles
    markers = page.locator("#home-map .leaflet-marker-icon")
    expect(markers).to_have_count(network["cities"])
    expect(page.locator('#home-map img[alt="Maputo, Mozambique"]')).to_be_visible()
    # A marker is a button: from the keyboard it opens a popup linking to the city's page.
    page.locator('#home-map img[alt="Maputo, Mozambique"]').focus()
    page.keyboard.press("Enter")
    popup_link = page.locator("#home-map .leaflet-popup-content a")
    expect(popup_link).to_have_attribute("href", "/cities/maputo/")
    popup_link.click()
    expect(page).to_have_url(re.compile(r"/cities/maputo/$"))
    # The city page has its own small map.
    expect(page.locator("#city-map .leaflet-marker-icon")).to_have_count(1)


def test_skip_link_is_the_first_stop_and_shows_when_focused(page, live_server, network):
    page.goto(live_server.url + "/practices/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box is not None and box["y"] >= 0, "the focused skip link is on screen"
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))


def test_filtering_the_catalogue_by_a_pillar_by_clicking_then_opening_a_practice(
    page, live_server, network
):
    page.goto(live_server.url + "/practices/")
    expect(page.locator(".results-count")).to_have_text("5 good practices")
    page.locator('a[data-facet="pillar"][data-value="social-dialogue"]').click()
    expect(page).to_have_url(re.compile(r"/practices/\?pillar=social-dialogue$"))
    expect(page.locator(".results-count")).to_have_text("1 good practice")
    expect(page.locator(".results .item-title")).to_have_text(
        ["Working in partnership with informal traders in Durban"]
    )
    # The facet is shown selected, and the other facets count within the filter.
    selected = page.locator('a[data-facet="pillar"][data-value="social-dialogue"]')
    expect(selected).to_have_attribute("aria-current", "true")
    expect(page.locator('a[data-facet="sdg"][data-value="8"] .facet-count')).to_contain_text("1")

    # The URL keeps the filter: opened afresh, it gives the same list.
    other = page.context.new_page()
    other.goto(page.url)
    expect(other.locator(".results-count")).to_have_text("1 good practice")
    other.close()

    # A second filter adds to the first; clicking the first again removes it.
    page.locator('a[data-facet="sdg"][data-value="8"]').click()
    expect(page).to_have_url(re.compile(r"pillar=social-dialogue&sdg=8$"))
    page.locator('a[data-facet="pillar"][data-value="social-dialogue"]').click()
    expect(page).to_have_url(re.compile(r"/practices/\?sdg=8$"))
    expect(page.locator(".results-count")).to_have_text("2 good practices")

    # A practice page: summary, Markdown, results, SDGs, its city.
    title = "Hygiene, health and waste management in Maputo's markets"
    page.get_by_role("link", name=title).click()
    expect(page).to_have_url(re.compile(r"/practices/maputo-markets/$"))
    expect(page).to_have_title(f"{title} · PeerCities")
    expect(page.locator("h1")).to_have_text(title)
    expect(page.locator(".lead")).to_have_text(
        "Maputo's markets opened to peer learning with Durban."
    )
    expect(page.locator(".prose strong")).to_have_text("organised")
    expect(page.locator(".results-table tbody th")).to_have_text(["Markets with waste collection"])
    expect(page.locator(".detail-aside .sdg")).to_have_count(4)
    expect(page.locator(".page-head a", has_text="Maputo")).to_have_attribute(
        "href", "/cities/maputo/"
    )


def test_search_from_the_header(page, live_server, network):
    page.goto(live_server.url + "/cities/")
    page.get_by_role("searchbox", name="Search the network").fill("maputo")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=maputo$"))
    expect(page.locator("h1")).to_have_text("Search")
    for heading in ("Cities", "Exchanges", "Roadmaps", "Good practices"):
        expect(page.locator(".search-section h2", has_text=heading)).to_be_visible()
    expect(page.get_by_role("link", name="Maputo", exact=True)).to_be_visible()
    expect(page.locator(".search-section").nth(2)).to_contain_text("Maputo roadmap")


def test_filters_work_without_javascript(browser, live_server, network):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/cities/")
    page.get_by_label("Region").select_option("europe-central-asia")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"region=europe-central-asia"))
    expect(page.locator(".results-count")).to_have_text("1 city")
    context.close()


PHONE_PAGES = [
    "/",
    "/cities/",
    "/cities/?region=africa&sector=tourism",
    "/cities/lleida/",
    "/events/",
    "/events/maputo-2012/",
    "/roadmaps/",
    "/roadmaps/maputo-roadmap/",
    "/practices/",
    "/practices/?pillar=employment&sdg=8",
    "/practices/maputo-markets/",
    "/search/?q=maputo",
    "/no-such-page/",
]


def test_no_horizontal_scrolling_on_a_phone(browser, live_server, network, no_tiles):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    too_wide = {}
    for path in PHONE_PAGES:
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide[path] = width
    context.close()
    assert too_wide == {}, f"wider than the {PHONE['width']}px screen: {too_wide}"
