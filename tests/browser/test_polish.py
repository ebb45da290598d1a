"""Trust and polish in a real browser: the main navigation keeps to one row at 1280 px in
French when signed in, the network's names never overlap and its legend tells the links
apart, the API docs load without a console error, the map's controls speak French."""

import datetime

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import (
    CityFactory,
    EventFactory,
    ParticipationFactory,
    PartnershipFactory,
    country,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "correct horse battery staple"


def console_errors(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def sign_in(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def nav_rows(page) -> int:
    return page.evaluate(
        """() => new Set(
            Array.from(document.querySelectorAll(".site-nav ul > li"))
                .map((li) => Math.round(li.getBoundingClientRect().top))
        ).size"""
    )


@pytest.mark.parametrize("who", ["official", "curator"])
def test_the_navigation_keeps_to_one_row_in_french_when_signed_in(
    page, live_server, official, curator, who
):
    sign_in(page, live_server.url, who)
    page.goto(live_server.url + "/fr/")
    assert nav_rows(page) == 1
    account = page.get_by_role("navigation", name="Votre compte")
    expect(account.get_by_role("button")).to_be_visible()


def test_the_top_bar_wraps_on_a_phone_without_scrolling_sideways(browser, live_server, curator):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    sign_in(page, live_server.url, "curator")
    page.goto(live_server.url + "/pt/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()


@pytest.fixture
def crowded_network():
    """A host with many partners of long names: their labels would collide."""
    host = CityFactory(slug="maputo", name="Maputo")
    event = EventFactory(host_city=host, start_date=datetime.date(2013, 6, 10))
    for index in range(14):
        city = CityFactory(name=f"Municipality of Somewhere Long {index}", country=country("ZA"))
        ParticipationFactory(event=event, city=city)
    partner = CityFactory(slug="lleida", name="Lleida", country=country("ES"))
    PartnershipFactory(slug="twinning").cities.set([host, partner])


@pytest.fixture
def cytoscape_installed():
    if not (settings.BASE_DIR / "node_modules" / "cytoscape" / "dist").is_dir():
        pytest.skip("cytoscape not installed: run npm ci (make test does)")


OVERLAPS = """(container) => {
    const cy = container.cy;
    const boxes = cy.nodes().filter((n) => !n.hasClass("label-hidden")).map((n) =>
        n.boundingBox({includeNodes: false, includeEdges: false, includeLabels: true}));
    let overlaps = 0;
    boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b) => {
        if (a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2) overlaps += 1;
    }));
    return {overlaps, named: boxes.length, hidden: cy.nodes(".label-hidden").length};
}"""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_network_names_never_overlap(
    browser, live_server, crowded_network, cytoscape_installed, viewport
):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    errors = console_errors(page)
    page.goto(live_server.url + "/fr/network/")
    graph = page.locator("#network-graph")
    expect(graph).to_have_attribute("data-graph-ready", "true")
    before = graph.evaluate(OVERLAPS)
    assert before["overlaps"] == 0
    assert before["named"] >= 2  # the busiest cities keep their names
    hint = page.locator("[data-network-hint]")
    if before["hidden"]:
        expect(hint).to_be_visible()
    else:
        expect(hint).to_be_hidden()
    # Zooming in makes room: names come back, still without overlapping.
    controls = page.locator("[data-network-controls]")
    expect(controls).to_be_visible()
    for _ in range(3):
        controls.get_by_role("button", name="Zoom avant").click()
    page.wait_for_timeout(400)
    after = graph.evaluate(OVERLAPS)
    assert after["overlaps"] == 0
    assert after["hidden"] <= before["hidden"]
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert errors == []
    context.close()


def test_the_legend_draws_each_link_kind_with_its_own_line(
    page, live_server, crowded_network, cytoscape_installed
):
    page.goto(live_server.url + "/network/")
    legend = page.locator(".legend-links li")
    expect(legend).to_have_count(7)
    patterns = legend.evaluate_all(
        "(items) => items.map((li) => [li.dataset.kind,"
        " li.querySelector('line').getAttribute('stroke-dasharray') || 'solid',"
        " !!li.querySelector('polygon')])"
    )
    drawn = {(pattern, arrow) for _kind, pattern, arrow in patterns}
    assert len(drawn) == 7  # no two kinds look alike, even in grey


def test_the_api_docs_load_without_console_errors(page, live_server):
    errors = console_errors(page)
    page.goto(live_server.url + "/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("PeerCities API")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert errors == []


def test_the_map_controls_speak_the_pages_language(page, live_server, no_tiles):
    if not (settings.BASE_DIR / "node_modules" / "leaflet" / "dist").is_dir():
        pytest.skip("Leaflet not installed: run npm ci (make test does)")
    CityFactory(slug="maputo", name="Maputo")
    page.goto(live_server.url + "/fr/")
    map_element = page.locator("[data-map]").first
    zoom_in = map_element.locator(".leaflet-control-zoom-in")
    expect(zoom_in).to_have_attribute("title", map_element.get_attribute("data-zoom-in"))
    zoom_out = map_element.locator(".leaflet-control-zoom-out")
    expect(zoom_out).to_have_attribute("title", map_element.get_attribute("data-zoom-out"))
    library = map_element.locator(".leaflet-control-attribution a").first
    expect(library).to_have_attribute("title", map_element.get_attribute("data-library-title"))
