"""The good practice catalogue (`/practices/`), its facets, and the practice page."""

import datetime
import re

import pytest
from django.urls import reverse

from base.models import SDG, Criterion, Pillar, Sector
from practices.views import PRACTICES_PER_PAGE
from tests.factories import (
    AdoptionFactory,
    CityFactory,
    EventFactory,
    OrganizationFactory,
    PracticeFactory,
    ResultFactory,
    UserFactory,
    country,
)
from tests.utils import assert_constant_queries

pytestmark = pytest.mark.django_db

URL = "/practices/"


def titles(response) -> list[str]:
    return sorted(practice.title for practice in response.context["page_obj"])


def facet(response, name) -> dict[str, int]:
    """The options of a facet as {value: count}."""
    facets = {f.name: f for f in response.context["facets"]}
    return {option.value: option.count for option in facets[name].options}


def tag(practice, *, pillars=(), sdgs=(), sectors=(), criteria=(), countries=()):
    """Tag by slugs (pillars, sectors, criteria), numbers (SDGs) and Country objects."""
    practice.pillars.add(*Pillar.objects.filter(slug__in=pillars))
    practice.sdgs.add(*SDG.objects.filter(number__in=sdgs))
    practice.sectors.add(*Sector.objects.filter(slug__in=sectors))
    practice.criteria.add(*Criterion.objects.filter(slug__in=criteria))
    practice.countries.add(*countries)
    return practice


@pytest.fixture
def catalogue():
    maputo = CityFactory(slug="maputo", name="Maputo")
    durban = CityFactory(slug="durban", name="Durban", country=country("ZA"))
    tag(
        PracticeFactory(
            slug="maputo-markets",
            title="Markets in Maputo",
            city=maputo,
            start_year=2012,
            end_year=2014,
        ),
        pillars=["employment", "social-protection"],
        sdgs=[8, 11],
        sectors=["commerce"],
        criteria=["sustainability"],
    )
    tag(
        PracticeFactory(
            slug="durban-traders", title="Informal traders in Durban", city=durban, start_year=2013
        ),
        pillars=["employment", "social-dialogue"],
        sdgs=[8],
        sectors=["commerce"],
        criteria=["innovation"],
    )
    tag(
        PracticeFactory(
            slug="lao-women", title="Women in Lao PDR", city=None, start_year=2009, end_year=2011
        ),
        pillars=["employment", "rights-at-work"],
        sdgs=[1, 5, 8],
        sectors=["commerce"],
        criteria=["innovation", "sustainability"],
        countries=[country("LA")],
    )
    tag(
        PracticeFactory(slug="indonesia-window", title="Single window", city=None, start_year=2015),
        pillars=["social-protection"],
        sdgs=[1, 10],
        countries=[country("ID")],
    )
    tag(
        PracticeFactory(slug="brazil-municipal", title="Municipal programmes", city=None),
        pillars=["employment", "social-protection", "social-dialogue", "rights-at-work"],
        sdgs=[8, 16],
        countries=[country("BR")],
    )
    tag(
        PracticeFactory(
            slug="draft", title="A draft", status="draft", published_at=None, verified_on=None
        ),
        pillars=["employment"],
        sdgs=[8],
    )


def test_catalogue_lists_published_practices_only(client, catalogue):
    response = client.get(URL)
    assert response.status_code == 200
    assert titles(response) == [
        "Informal traders in Durban",
        "Markets in Maputo",
        "Municipal programmes",
        "Single window",
        "Women in Lao PDR",
    ]
    html = response.content.decode()
    assert "5 good practices" in html
    assert "<title>Good practices · PeerCities</title>" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "pillar=social-protection",
            ["Markets in Maputo", "Municipal programmes", "Single window"],
        ),
        ("pillar=rights-at-work", ["Municipal programmes", "Women in Lao PDR"]),
        ("sdg=1", ["Single window", "Women in Lao PDR"]),
        ("sdg=11", ["Markets in Maputo"]),
        ("region=africa", ["Informal traders in Durban", "Markets in Maputo"]),
        ("region=asia-pacific", ["Single window", "Women in Lao PDR"]),
        ("region=americas", ["Municipal programmes"]),
        ("country=ZA", ["Informal traders in Durban"]),
        ("country=LA", ["Women in Lao PDR"]),
        (
            "sector=commerce",
            ["Informal traders in Durban", "Markets in Maputo", "Women in Lao PDR"],
        ),
        ("criterion=innovation", ["Informal traders in Durban", "Women in Lao PDR"]),
        # A practice runs from its start year to its end year; with no end year, it is
        # still running (as in the API).
        ("year=2013", ["Informal traders in Durban", "Markets in Maputo"]),
        ("year=2010", ["Women in Lao PDR"]),
        ("year=2015", ["Informal traders in Durban", "Single window"]),
        ("year=2020", ["Informal traders in Durban", "Single window"]),
        ("year=2008", []),
        ("q=maputo", ["Markets in Maputo"]),
        (
            "pillar=employment&region=africa&sdg=8",
            ["Informal traders in Durban", "Markets in Maputo"],
        ),
        ("pillar=employment&criterion=sustainability&year=2010", ["Women in Lao PDR"]),
        ("pillar=social-dialogue&country=LA", []),
    ],
)
def test_catalogue_filters(client, catalogue, query, expected):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert titles(response) == expected


def test_a_practice_in_several_countries_of_a_region_is_listed_once(client, catalogue):
    practice = PracticeFactory(title="Southern Africa", city=CityFactory(name="Xai-Xai"))
    practice.countries.add(country("MZ"), country("ZA"))
    response = client.get(f"{URL}?region=africa")
    assert titles(response).count("Southern Africa") == 1
    assert response.context["page_obj"].paginator.count == 3
    assert facet(client.get(URL), "region")["africa"] == 3
    assert facet(client.get(URL), "country")["ZA"] == 2


def test_facets_count_the_published_practices_for_each_value(client, catalogue):
    response = client.get(URL)
    assert facet(response, "pillar") == {
        "employment": 4,
        "social-protection": 3,
        "social-dialogue": 2,
        "rights-at-work": 2,
    }
    assert facet(response, "sdg") == {"1": 2, "5": 1, "8": 4, "10": 1, "11": 1, "16": 1}
    assert facet(response, "region") == {"africa": 2, "americas": 1, "asia-pacific": 2}
    assert facet(response, "country") == {"BR": 1, "ID": 1, "LA": 1, "MZ": 1, "ZA": 1}
    assert facet(response, "sector") == {"commerce": 3}
    assert facet(response, "criterion") == {"innovation": 2, "sustainability": 2}
    # Practices with no end year (Durban's from 2013, the single window from 2015) count
    # in every year up to this one.
    this_year = datetime.date.today().year
    assert facet(response, "year") == {
        **{str(year): 2 for year in range(2016, this_year + 1)},
        "2015": 2,
        "2014": 2,
        "2013": 2,
        "2012": 1,
        "2011": 1,
        "2010": 1,
        "2009": 1,
    }


def test_the_year_facet_counts_running_practices_in_a_selected_future_year(client, catalogue):
    future = datetime.date.today().year + 3
    response = client.get(f"{URL}?year={future}")
    assert titles(response) == ["Informal traders in Durban", "Single window"]
    assert facet(response, "year")[str(future)] == 2


def test_facet_counts_follow_the_other_filters_but_not_their_own(client, catalogue):
    response = client.get(f"{URL}?region=africa")
    assert facet(response, "pillar") == {
        "employment": 2,
        "social-protection": 1,
        "social-dialogue": 1,
    }
    # The region facet still offers the other regions, with what they would give.
    assert facet(response, "region") == {"africa": 2, "americas": 1, "asia-pacific": 2}
    both = client.get(f"{URL}?region=africa&pillar=social-protection")
    assert titles(both) == ["Markets in Maputo"]
    assert facet(both, "region") == {"africa": 1, "americas": 1, "asia-pacific": 1}
    assert facet(both, "pillar") == {"employment": 2, "social-protection": 1, "social-dialogue": 1}
    assert facet(both, "sdg") == {"8": 1, "11": 1}


def test_facet_links_keep_the_other_filters_and_toggle_their_own(client, catalogue):
    html = client.get(f"{URL}?region=africa&page=1").content.decode()
    assert 'href="?region=africa&amp;pillar=employment"' in html
    # The selected region links to the catalogue without it.
    assert re.search(r'<a href="/practices/" class="selected" aria-current="true"', html)
    selected = client.get(f"{URL}?region=africa&pillar=employment").content.decode()
    assert re.search(
        r'<a href="\?region=africa" class="selected" aria-current="true"[^>]*data-facet="pillar"',
        selected,
    )
    # ...and the filters in force can each be removed.
    assert 'href="?pillar=employment">Region: Africa' in selected


def test_sdgs_show_with_their_colours_and_numbers(client, catalogue):
    html = client.get(URL).content.decode()
    assert re.search(r'background-color: #A21942; color: #ffffff" aria-hidden="true">8<', html)
    # Light colours get dark text, to stay legible.
    tag(PracticeFactory(), sdgs=[7])
    html = client.get(URL).content.decode()
    assert re.search(r'background-color: #FCC30B; color: #111111" aria-hidden="true">7<', html)
    assert "SDG 8: Decent Work and Economic Growth" in html


@pytest.mark.parametrize(
    "query",
    [
        "pillar=unknown",
        "sdg=99",
        "sdg=0",
        "sdg=eight",
        "region=atlantis",
        "country=XX",
        "country=xyz",
        "sector=nothing",
        "criterion=beauty",
        "year=abc",
        "year=2012.5",
        "year=99999999999999999999",
        "year=-5",
        "page=abc",
        "page=9999",
        "q=%00",
    ],
)
def test_bad_filter_values_never_break_the_catalogue(client, catalogue, query):
    assert client.get(f"{URL}?{query}").status_code == 200


def test_a_bad_filter_is_reported_and_ignored(client, catalogue):
    response = client.get(f"{URL}?sdg=99&pillar=rights-at-work")
    assert titles(response) == ["Municipal programmes", "Women in Lao PDR"]
    html = response.content.decode()
    assert "Some filters were not understood and are ignored" in html
    assert "Sustainable Development Goal" in html


def test_catalogue_paginates_keeping_the_filters(client):
    for n in range(PRACTICES_PER_PAGE + 2):
        tag(PracticeFactory(title=f"Practice {n:02d}"), pillars=["employment"])
    first = client.get(f"{URL}?pillar=employment")
    assert len(first.context["page_obj"]) == PRACTICES_PER_PAGE
    assert 'href="?pillar=employment&amp;page=2"' in first.content.decode()
    second = client.get(f"{URL}?pillar=employment&page=2")
    assert len(second.context["page_obj"]) == 2
    # Facet links start again from the first page.
    assert "page=2&amp;sdg" not in second.content.decode()


def test_search_box_keeps_the_facets_in_force(client, catalogue):
    html = client.get(f"{URL}?pillar=employment&page=2").content.decode()
    assert '<input type="hidden" name="pillar" value="employment">' in html
    assert '<input type="hidden" name="page"' not in html


def test_catalogue_query_count_does_not_grow_with_practices(client, catalogue):
    def grow():
        for n in range(4):
            practice = PracticeFactory(start_year=2000 + n, end_year=2003 + n)
            tag(
                practice,
                pillars=["employment", "social-protection"],
                sdgs=[3, 8],
                sectors=["tourism"],
                criteria=["innovation"],
                countries=[country("KE")],
            )

    assert_constant_queries(lambda: client.get(URL), grow)
    assert_constant_queries(lambda: client.get(f"{URL}?pillar=employment&region=africa"), grow)


# The practice page


def test_practice_page_sanitizes_markdown_and_shows_results(client):
    practice = PracticeFactory(
        slug="lao-women",
        description="**Bold** <script>alert(1)</script> [x](javascript:alert(1))\n\n- one\n- two",
    )
    ResultFactory(
        practice=practice, indicator="Monthly sales", value_before=490, value_after=2150, unit="USD"
    )
    ResultFactory(
        practice=practice, indicator="Formal bookkeeping", value_before=22, value_after=38, unit="%"
    )
    ResultFactory(practice=practice, indicator="Jobs", value_before=None, value_after=12, unit="")
    html = client.get("/practices/lao-women/").content.decode()
    assert "<strong>Bold</strong>" in html
    assert "<li>one</li>" in html
    assert "<script>alert" not in html
    assert "javascript:" not in html
    assert '<th scope="row">Monthly sales</th>' in html
    assert "490 USD" in html and "2,150 USD" in html
    assert "22%" in html and "38%" in html
    assert '<td class="num">\u2013</td><td class="num">12</td>' in html


def test_practice_page_shows_city_partners_tags_events_source_and_adoptions(client, catalogue):
    practice = PracticeFactory(
        slug="market-vendors",
        title="Market vendors",
        summary="Vendors organised.",
        city=CityFactory(name="Maputo", slug="maputo-city"),
        source_url="https://www.ilo.org/source",
    )
    tag(
        practice,
        pillars=["employment"],
        sdgs=[8],
        sectors=["commerce"],
        criteria=["innovation"],
    )
    practice.organizations.add(OrganizationFactory(name="Asiye eTafuleni"))
    practice.events.add(EventFactory(title="Durban learning visit"))
    AdoptionFactory(
        practice=practice,
        city=CityFactory(name="Xai-Xai"),
        stage="adapting",
        event=EventFactory(title="Where it was learned"),
    )
    html = client.get(
        reverse("practice-detail", kwargs={"slug": "market-vendors"})
    ).content.decode()
    assert "<h1>Market vendors</h1>" in html
    assert '<p class="lead">Vendors organised.</p>' in html
    assert 'href="/cities/maputo-city/"' in html
    assert "Asiye eTafuleni" in html
    assert 'href="/practices/?pillar=employment"' in html
    assert 'href="/practices/?sdg=8"' in html
    assert "Commerce and markets" in html
    assert "Innovation" in html
    assert "Durban learning visit" in html
    assert 'href="https://www.ilo.org/source"' in html
    assert "Xai-Xai" in html and "Adapting" in html and "Where it was learned" in html
    assert '<meta name="description" content="Vendors organised.">' in html


def test_unpublished_practice_is_hidden_from_visitors_but_not_its_submitter_or_curators(
    client, curator
):
    submitter = UserFactory()
    PracticeFactory(slug="in-review", status="submitted", published_at=None, submitted_by=submitter)
    assert client.get("/practices/in-review/").status_code == 404
    client.force_login(UserFactory())
    assert client.get("/practices/in-review/").status_code == 404
    client.force_login(submitter)
    response = client.get("/practices/in-review/")
    assert response.status_code == 200
    assert "Not published" in response.content.decode()
    client.force_login(curator)
    assert client.get("/practices/in-review/").status_code == 200
    # The catalogue is the published practices, whoever looks.
    assert "in-review" not in client.get(URL).content.decode()


def test_practice_page_of_an_unknown_practice_is_404(client):
    assert client.get("/practices/atlantis/").status_code == 404


def test_practice_page_query_count_does_not_grow_with_rows(client, catalogue):
    practice = PracticeFactory(slug="table")
    # Related practices and learning cities are looked up once the practice is about
    # something: from the first count on.
    tag(practice, sdgs=[8])

    def grow():
        for _ in range(3):
            ResultFactory(practice=practice)
            practice.events.add(EventFactory())
            practice.organizations.add(OrganizationFactory())
            practice.countries.add(CityFactory().country)
            AdoptionFactory(practice=practice, event=EventFactory())
        tag(practice, sdgs=[1, 2, 3])

    assert_constant_queries(lambda: client.get("/practices/table/"), grow)
