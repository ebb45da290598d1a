"""Each practice's tag lists (PracticeTags), which the catalogue's facets count: they
follow every change of the practice's pillars, SDGs, sectors, criteria and countries,
a tag's deletion and a bulk load, and the facets
counted from them stay what choosing each value lists."""

import pytest

from base.models import SDG, Criterion, Pillar, Sector
from cities.models import Region
from practices.filters import PracticeFilter, practice_facets
from practices.models import Practice, PracticeTags
from practices.tag_lists import LISTS, rebuild_tag_lists
from tests.factories import CityFactory, PracticeFactory, country

pytestmark = pytest.mark.django_db


def lists_from_the_tables(practice: Practice) -> dict:
    """What the row must hold: the practice's rows in each many-to-many table, its
    city's country and its years."""
    practice.refresh_from_db()
    return {
        **{
            field: sorted(
                getattr(Practice, field)
                .through.objects.filter(practice=practice)
                .values_list(key, flat=True)
            )
            for field, key in LISTS.items()
        },
        "home_country": practice.city.country_id if practice.city else None,
        "years": (practice.start_year, practice.end_year),
    }


def stored_lists(practice: Practice) -> dict:
    row = PracticeTags.objects.get(practice=practice)
    return {
        **{
            field: [
                key if field == "countries" else int(key)
                for key in getattr(row, field).split(",")
                if key
            ]
            for field in LISTS
        },
        "home_country": row.home_country_id,
        "years": (row.first_year, row.last_year),
    }


def counts(params: dict, name: str) -> dict[str, int]:
    filterset = PracticeFilter(params, queryset=Practice.objects.published())
    facet = next(facet for facet in practice_facets(filterset) if facet.name == name)
    return {option.value: option.count for option in facet.options}


def counted_by_choosing(params: dict, name: str, values) -> dict[str, int]:
    """Each value's count the slow way: the catalogue filtered by it, counted."""
    found = {}
    for value in values:
        filterset = PracticeFilter({**params, name: value}, queryset=Practice.objects.published())
        if count := filterset.qs.distinct().count():
            found[value] = count
    return found


@pytest.fixture
def practice():
    practice = PracticeFactory(city=CityFactory(country=country("MZ")))
    practice.pillars.set(Pillar.objects.order_by("pk")[:2])
    practice.sdgs.set(SDG.objects.filter(number__in=[8, 1]))
    practice.sectors.set(Sector.objects.order_by("pk")[:1])
    practice.criteria.set(Criterion.objects.order_by("pk")[:3])
    practice.countries.set([country("ZA")])
    return practice


def test_the_row_holds_the_practices_tags_sorted(practice):
    stored = stored_lists(practice)

    assert stored == lists_from_the_tables(practice)
    assert stored["sdgs"] == sorted(
        SDG.objects.filter(number__in=[8, 1]).values_list("pk", flat=True)
    )
    assert stored["countries"] == ["ZA"]


def test_the_lists_follow_adding_removing_and_clearing(practice):
    employment = Pillar.objects.get(slug="employment")
    practice.pillars.remove(*practice.pillars.all())
    practice.pillars.add(employment)
    practice.sdgs.clear()
    practice.countries.add(country("BR"))

    assert stored_lists(practice) == lists_from_the_tables(practice)
    assert stored_lists(practice)["pillars"] == [employment.pk]
    assert stored_lists(practice)["sdgs"] == []
    assert stored_lists(practice)["countries"] == ["BR", "ZA"]


def test_deleting_a_tag_takes_it_off_the_lists(practice):
    criterion = practice.criteria.first()
    criterion.delete()

    assert criterion.pk not in stored_lists(practice)["criteria"]
    assert stored_lists(practice) == lists_from_the_tables(practice)


def test_every_practice_has_a_row_following_its_city_and_years(practice):
    untagged = PracticeFactory(city=None, start_year=2010)
    assert stored_lists(untagged) == lists_from_the_tables(untagged)

    practice.start_year, practice.end_year = 2001, 2004
    practice.city = CityFactory(country=country("KE"))
    practice.save()
    assert stored_lists(practice)["home_country"] == "KE"
    assert stored_lists(practice) == lists_from_the_tables(practice)

    city = practice.city
    city.country = country("TZ")
    city.save()
    assert stored_lists(practice)["home_country"] == "TZ"


def test_deleting_a_practice_deletes_its_row(practice):
    practice.delete()

    assert not PracticeTags.objects.exists()


def test_a_bulk_load_is_listed_by_a_rebuild(practice):
    bulk = PracticeFactory()
    # Rows written in bulk send no signal: the generator rebuilds the lists after.
    Practice.pillars.through.objects.bulk_create(
        [Practice.pillars.through(practice=bulk, pillar=pillar) for pillar in Pillar.objects.all()]
    )
    PracticeTags.objects.filter(practice=practice).update(pillars="")
    assert stored_lists(bulk)["pillars"] == []

    assert rebuild_tag_lists() == 2
    assert stored_lists(bulk) == lists_from_the_tables(bulk)
    assert stored_lists(practice) == lists_from_the_tables(practice)


@pytest.mark.parametrize("params", [{}, {"pillar": "employment"}, {"region": "africa"}])
def test_the_facets_follow_tag_changes(practice, params):
    others = [PracticeFactory(city=CityFactory(country=country("BR"))) for _ in range(3)]
    for number, other in enumerate(others):
        other.pillars.set(Pillar.objects.order_by("pk")[number : number + 2])
        other.sdgs.set(SDG.objects.filter(number__in=[8, number + 2]))
    pillar_slugs = list(Pillar.objects.values_list("slug", flat=True))
    sdg_numbers = [str(n) for n in SDG.objects.values_list("number", flat=True)]
    before = counts(params, "pillar")

    employment = Pillar.objects.get(slug="employment")
    for other in others:
        other.pillars.add(employment)
    practice.pillars.clear()
    others[0].sdgs.remove(SDG.objects.get(number=8))
    others[1].countries.set([country("ZA")])

    assert counts(params, "pillar") != before
    assert counts(params, "pillar") == counted_by_choosing(params, "pillar", pillar_slugs)
    assert counts(params, "sdg") == counted_by_choosing(params, "sdg", sdg_numbers)
    assert counts(params, "region") == counted_by_choosing(params, "region", Region.values)
