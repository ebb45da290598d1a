"""The dashboard's charts and the cooperation network's graph in a real browser: drawn,
with no JavaScript error in the console, and a city opens when selected."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from exchanges.models import ActionStatus
from exchanges.rules import Modality
from tests.factories import (
    ActionFactory,
    AdoptionFactory,
    CityFactory,
    EventFactory,
    ParticipationFactory,
    PartnershipFactory,
    PracticeFactory,
    RoadmapFactory,
    country,
)

pytestmark = [
    pytest.mark.browser,
    # The live server sees only committed data; the reference data (countries, pillars,
    # SDGs) is restored after each test.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CHARTS = [
    "exchanges_by_year",
    "practices_by_pillar",
    "regions",
    "sdg_pillar_matrix",
    "roadmaps",
    "practices_taken_up",
]


@pytest.fixture
def libraries_installed():
    modules = Path(settings.BASE_DIR) / "node_modules"
    for library in ("chart.js", "cytoscape"):
        if not (modules / library / "dist").is_dir():
            pytest.skip(f"{library} not installed: run npm ci (make test does)")


@pytest.fixture
def network():
    from base.models import SDG, Pillar

    maputo = CityFactory(slug="maputo", name="Maputo")
    durban = CityFactory(slug="durban", name="Durban", country=country("ZA"))
    lleida = CityFactory(slug="lleida", name="Lleida", country=country("ES"))
    event = EventFactory(
        slug="maputo-2012", host_city=maputo, start_date=datetime.date(2012, 11, 26)
    )
    ParticipationFactory(event=event, city=durban)
    event.pillars.add(Pillar.objects.get(slug="employment"))
    forum = EventFactory(
        slug="lleida-2013",
        host_city=lleida,
        start_date=datetime.date(2013, 6, 10),
        modality=Modality.NORTH_SOUTH,
    )
    ParticipationFactory(event=forum, city=maputo)
    partnership = PartnershipFactory(slug="maputo-durban")
    partnership.cities.set([maputo, durban])
    practice = PracticeFactory(slug="markets", city=maputo)
    practice.pillars.add(Pillar.objects.get(slug="employment"))
    practice.sdgs.add(SDG.objects.get(number=8))
    AdoptionFactory(practice=practice, city=durban, event=event)
    roadmap = RoadmapFactory(slug="maputo-roadmap", event=event)
    ActionFactory(roadmap=roadmap, status=ActionStatus.DONE)
    ActionFactory(roadmap=roadmap)
    return {"cities": 3}


def console_errors(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def test_the_dashboard_draws_its_charts(page, live_server, network, libraries_installed):
    errors = console_errors(page)
    page.goto(live_server.url + "/dashboard/")
    expect(page.locator("[data-dashboard]")).to_have_attribute("data-charts-ready", "true")
    for chart in CHARTS:
        canvas = page.locator(f'[data-chart="{chart}"][data-chart-ready] canvas')
        expect(canvas).to_have_count(1)
        box = canvas.bounding_box()
        assert box["width"] > 100 and box["height"] > 100, chart
    # Chart.js drew something on each canvas: not every pixel is blank.
    drawn = page.evaluate(
        """() => Array.from(document.querySelectorAll("[data-chart] canvas")).map((canvas) => {
            const pixels = canvas.getContext("2d")
                .getImageData(0, 0, canvas.width, canvas.height).data;
            return pixels.some((value, index) => index % 4 === 3 && value !== 0);
        })"""
    )
    assert drawn == [True] * len(CHARTS)
    # With the charts drawn their tables fold away, still in the page.
    expect(page.locator("details.chart-data[open]")).to_have_count(0)
    expect(page.locator("table.matrix")).to_be_visible()
    assert errors == []


def test_the_dashboard_shows_its_tables_without_javascript(browser, live_server, network):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/dashboard/")
    expect(page.locator("details.chart-data[open] table").first).to_be_visible()
    expect(page.locator("[data-chart] canvas")).to_have_count(0)
    context.close()


def test_the_network_draws_its_graph_and_opens_a_city(
    page, live_server, network, libraries_installed
):
    errors = console_errors(page)
    page.set_viewport_size({"width": 1280, "height": 1600})
    page.goto(live_server.url + "/network/")
    graph = page.locator("#network-graph")
    expect(graph).to_have_attribute("data-graph-ready", "true")
    expect(graph).to_have_attribute("data-nodes", str(network["cities"]))
    # Maputo-Durban (an exchange, a partnership and Durban taking up Maputo's practice)
    # and Lleida-Maputo.
    expect(graph).to_have_attribute("data-edges", "4")
    expect(graph.locator("canvas").first).to_be_visible()
    # Selecting a city opens its page (the graph is in view: Cytoscape caches where its
    # canvas is, and a click right after scrolling would land where it was).
    position = page.evaluate(
        """() => {
            const container = document.getElementById("network-graph");
            const node = container.cy.nodes().filter((n) => n.data("label") === "Durban")[0];
            const box = container.getBoundingClientRect();
            const point = node.renderedPosition();
            return {x: box.left + point.x, y: box.top + point.y};
        }"""
    )
    assert errors == []
    page.mouse.click(position["x"], position["y"])
    expect(page).to_have_url(re.compile(r"/cities/durban/$"))


def test_the_network_filters_keep_their_values_in_the_url(
    page, live_server, network, libraries_installed
):
    errors = console_errors(page)
    page.goto(live_server.url + "/network/")
    page.select_option("#id_year", "2012")
    page.select_option("#id_pillar", "employment")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"/network/\?year=2012&pillar=employment$"))
    graph = page.locator("#network-graph")
    expect(graph).to_have_attribute("data-graph-ready", "true")
    # Only the 2012 exchange on employment: Maputo and Durban; no partnership.
    expect(graph).to_have_attribute("data-nodes", "2")
    expect(graph).to_have_attribute("data-edges", "1")
    expect(page.locator("#id_year")).to_have_value("2012")
    assert errors == []


# The admin's URL fields warn about Django 6's default scheme: not this test's concern.
@pytest.mark.filterwarnings("ignore:The default scheme will be changed")
def test_the_practice_form_suggests_tags_as_it_is_written(page, live_server):
    from tests.factories import UserFactory

    UserFactory(username="curator", is_staff=True, is_superuser=True)
    page.goto(live_server.url + "/admin/login/?next=/admin/practices/practice/add/")
    page.fill("#id_username", "curator")
    page.fill("#id_password", "correct horse battery staple")
    page.click("input[type=submit]")
    expect(page).to_have_url(re.compile(r"/admin/practices/practice/add/$"))
    suggestions = page.locator("[data-tag-suggestions]")
    expect(suggestions).to_have_attribute("data-suggestions-ready", "0")
    page.fill("#id_title", "Organizing informal construction workers")
    page.fill("#id_summary", "Trade unions and tripartite social dialogue against child labour.")
    expect(
        suggestions.locator('li[data-kind="pillar"][data-key="social-dialogue"]')
    ).to_contain_text("because of")
    expect(
        suggestions.locator('li[data-kind="pillar"][data-key="rights-at-work"]')
    ).to_contain_text("child labour")
    expect(suggestions.locator('li[data-kind="sdg"][data-key="8"]')).to_be_visible()
