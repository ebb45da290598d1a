"""The demo network holds what the seeds say beyond the design card (issue #19)."""

import pytest

from cities.models import Partnership
from exchanges.models import Event, ParticipationRole
from exchanges.rules import Modality
from practices.models import Practice

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("demo_network")
class TestTheDemoNetwork:
    def test_the_maputo_delegation_to_durban_is_dated_june_2013_with_its_groups(self):
        event = Event.objects.get(slug="maputo-delegation-durban-2013")
        assert event.dates_display == "June 2013"
        maputo = event.participations.get(city__slug="maputo")
        assert set(maputo.composition.values_list("category", flat=True)) == {
            "officials",
            "vendors",
            "carriers",
        }
        # ILO, UCLG and MILE organized it: South-South, not triangular.
        assert event.modality == Modality.SOUTH_SOUTH

    def test_the_ilo_uclg_session_in_turin_is_not_north_north(self):
        event = Event.objects.get(slug="ilo-uclg-turin-sstc-sessions-2015")
        assert event.modality == Modality.MULTILATERAL

    def test_countries_take_part_at_lleida_chiang_mai_and_chefchaouen(self):
        for slug, count in (
            ("lleida-intermediary-cities-forum-2013", 8),
            ("chiang-mai-led-seminar-2007", 9),
            ("chefchaouen-urban-rural-policies-2014", 9),
        ):
            assert Event.objects.get(slug=slug).country_participations.count() == count
        lleida = Event.objects.get(slug="lleida-intermediary-cities-forum-2013")
        assert not lleida.modality_overridden
        assert lleida.modality == Modality.NORTH_SOUTH

    def test_maputo_and_turin_organized(self):
        assert (
            Event.objects.get(slug="maputo-hygiene-health-markets-2012")
            .participations.get(city__slug="maputo")
            .role
            == ParticipationRole.ORGANIZER
        )
        assert (
            Event.objects.get(slug="world-forum-led-turin-2015")
            .participations.get(city__slug="turin")
            .role
            == ParticipationRole.ORGANIZER
        )

    def test_the_three_large_forums(self):
        assert set(Event.objects.large_forums().values_list("slug", flat=True)) == {
            "africities-2012-dakar",
            "uclg-world-congress-rabat-2013",
            "world-forum-led-turin-2015",
        }

    def test_the_ilo_uclg_memorandum_names_the_worst_forms_of_child_labour(self):
        memorandum = Partnership.objects.get(slug="ilo-uclg-memorandum-2012")
        assert memorandum.dates_display == "September 2012"
        assert set(memorandum.organizations.values_list("slug", flat=True)) == {"ilo", "uclg"}
        assert "worst forms of child labour" in memorandum.scope
        assert Partnership.objects.filter(
            slug="ilo-vcci-small-enterprise-development", organizations__slug="vcci"
        ).exists()

    def test_practices_in_several_cities_places_and_conventions(self):
        vietnam = Practice.objects.get(slug="viet-nam-integrated-small-enterprise-development")
        assert set(vietnam.other_cities.values_list("slug", flat=True)) == {
            "hanoi",
            "da-nang",
            "ho-chi-minh-city",
            "can-tho",
        }
        ghana = Practice.objects.get(slug="ghana-labour-based-technology-pilot")
        assert {p.kind for p in ghana.places.all()} == {"district"}
        thailand = Practice.objects.get(slug="thailand-occupational-health-primary-care")
        assert [c.number for c in thailand.conventions.all()] == [155]
