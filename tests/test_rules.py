"""The shared rules, each decided in one place: modality, population class, progress."""

import pytest
from django.utils import translation

from cities.rules import PopulationClass, population_class
from exchanges.models import ActionStatus, ParticipationRole, Roadmap, roadmap_progress
from exchanges.rules import (
    Backer,
    Modality,
    Party,
    compute_modality,
    decide_modality,
    explain_modality,
)
from tests.factories import (
    ActionFactory,
    CityFactory,
    CountryParticipationFactory,
    EventFactory,
    OrganizationFactory,
    OrganizationParticipationFactory,
    ParticipationFactory,
    RoadmapFactory,
    country,
)


def _party(in_south, donor=False):
    return Party("Maputo" if in_south else "Barcelona", in_south, donor)


def _backer(*, multilateral=False, northern=False):
    return Backer("ILO" if multilateral else "EU", multilateral, northern)


@pytest.mark.parametrize(
    ("parties", "backers", "expected"),
    [
        ([_party(True), _party(True)], [], Modality.SOUTH_SOUTH),
        # Multilateral facilitators, wherever their seat, change nothing.
        ([_party(True)], [_backer(multilateral=True, northern=True)], Modality.SOUTH_SOUTH),
        ([_party(True)], [_backer(northern=True)], Modality.TRIANGULAR),
        ([_party(True), _party(False, donor=True)], [], Modality.TRIANGULAR),
        ([_party(True), _party(False)], [_backer(northern=True)], Modality.NORTH_SOUTH),
        ([_party(False)], [_backer(multilateral=True)], Modality.NORTH_NORTH),
        ([], [_backer(multilateral=True)], Modality.MULTILATERAL),
    ],
)
def test_decide_modality(parties, backers, expected):
    assert decide_modality(parties=parties, backers=backers).modality == expected


def test_an_exchange_needs_a_party_or_a_facilitator():
    with pytest.raises(ValueError, match="at least one city"):
        decide_modality(parties=[], backers=[])
    with pytest.raises(ValueError, match="needs a city or country"):
        decide_modality(parties=[], backers=[_backer(northern=True)])


def test_the_reason_names_the_parties_and_partners():
    decision = decide_modality(
        parties=[Party("Maputo", True), Party("Durban", True)],
        backers=[Backer("EU", False, True), Backer("ILO", True, True)],
    )
    assert decision.reason == (
        "Every city and country taking part is in the Global South (Durban, Maputo), and "
        "Northern partners fund or support it (EU). Multilateral organizers and "
        "facilitators (ILO) do not change it."
    )


def _city(slug, code):
    return CityFactory(slug=slug, name=slug.replace("-", " ").title(), country=country(code))


def _event(host, participants, organizers=(), supporters=()):
    event = EventFactory(host_city=host)
    ParticipationFactory(event=event, city=host, role=ParticipationRole.HOST)
    for city in participants:
        ParticipationFactory(event=event, city=city)
    event.organizers.set(organizers)
    event.supporters.set(supporters)
    return event


@pytest.mark.django_db
class TestComputeModalityOnTheSeedCases:
    def test_maputo_2012_with_eu_and_norway_support_is_triangular(self):
        ilo = OrganizationFactory(slug="ilo", kind="international", multilateral=True)
        uclg = OrganizationFactory(
            slug="uclg",
            kind="local-government-association",
            country=country("ES"),
            multilateral=True,
        )
        eu = OrganizationFactory(slug="european-union", kind="donor")
        norway = OrganizationFactory(slug="norway-mfa", kind="donor", country=country("NO"))
        maputo = _city("maputo", "MZ")
        peers = [_city("durban", "ZA"), _city("belo-horizonte", "BR")]
        event = _event(maputo, peers, organizers=[ilo, uclg], supporters=[eu, norway])
        assert compute_modality(event) == Modality.TRIANGULAR

    def test_the_ilo_and_uclg_alone_do_not_make_it_triangular(self):
        ilo = OrganizationFactory(slug="ilo", kind="international", multilateral=True)
        uclg = OrganizationFactory(
            slug="uclg",
            kind="local-government-association",
            country=country("ES"),
            multilateral=True,
        )
        event = _event(_city("durban", "ZA"), [_city("maputo", "MZ")], organizers=[ilo, uclg])
        decision = explain_modality(event)
        assert decision.modality == Modality.SOUTH_SOUTH
        assert "Multilateral organizers and facilitators" in decision.reason

    def test_an_ilo_uclg_session_in_turin_is_a_multilateral_meeting_not_north_north(self):
        ilo = OrganizationFactory(slug="ilo", kind="international", multilateral=True)
        uclg = OrganizationFactory(slug="uclg", multilateral=True, country=country("ES"))
        event = EventFactory(host_city=_city("turin", "IT"))
        event.organizers.set([ilo, uclg])
        assert compute_modality(event) == Modality.MULTILATERAL

    def test_countries_count_as_parties(self):
        event = EventFactory(host_city=_city("chiang-mai", "TH"))
        for code in ("CN", "IN", "VN"):
            CountryParticipationFactory(event=event, country=country(code))
        assert compute_modality(event) == Modality.SOUTH_SOUTH
        CountryParticipationFactory(event=event, country=country("ES"))
        assert compute_modality(event) == Modality.NORTH_SOUTH

    def test_the_reason_names_countries_in_the_readers_language(self):
        event = EventFactory(host_city=_city("chiang-mai", "TH"))
        CountryParticipationFactory(event=event, country=country("ES"))
        with translation.override("fr"):
            reason = explain_modality(event).reason
        assert "Espagne" in reason and "Spain" not in reason

    def test_a_northern_country_as_donor_makes_it_triangular(self):
        event = _event(_city("durban", "ZA"), [_city("maputo", "MZ")])
        CountryParticipationFactory(
            event=event, country=country("NO"), role=ParticipationRole.DONOR
        )
        assert compute_modality(event) == Modality.TRIANGULAR

    def test_a_northern_organization_in_a_role_makes_it_triangular(self):
        famsi = OrganizationFactory(slug="famsi", kind="ngo", country=country("ES"))
        event = _event(_city("durban", "ZA"), [_city("maputo", "MZ")])
        OrganizationParticipationFactory(
            event=event, organization=famsi, role=ParticipationRole.TRAINER
        )
        assert compute_modality(event) == Modality.TRIANGULAR

    def test_maputo_delegation_to_durban_among_southern_cities_is_south_south(self):
        mile = OrganizationFactory(slug="mile", kind="training", country=country("ZA"))
        event = _event(_city("durban", "ZA"), [_city("maputo", "MZ")], organizers=[mile])
        assert compute_modality(event) == Modality.SOUTH_SOUTH

    def test_a_donor_seated_in_the_south_still_makes_it_triangular(self):
        donor = OrganizationFactory(slug="donor", kind="donor", country=country("BR"))
        event = _event(_city("durban", "ZA"), [_city("maputo", "MZ")], supporters=[donor])
        assert compute_modality(event) == Modality.TRIANGULAR

    def test_a_northern_ngo_makes_it_triangular(self):
        ngo = OrganizationFactory(slug="famsi", kind="ngo", country=country("ES"))
        event = _event(_city("durban", "ZA"), [_city("maputo", "MZ")], supporters=[ngo])
        assert compute_modality(event) == Modality.TRIANGULAR

    def test_a_curators_override_is_its_own_reason(self):
        event = _event(_city("barcelona", "ES"), [_city("maputo", "MZ")])
        event.modality = Modality.SOUTH_SOUTH
        event.modality_overridden = True
        assert explain_modality(event).reason == "Set by a curator."

    def test_lleida_forum_with_southern_cities_is_north_south(self):
        event = _event(_city("lleida", "ES"), [_city("chefchaouen", "MA"), _city("pasto", "CO")])
        assert compute_modality(event) == Modality.NORTH_SOUTH

    def test_barcelona_and_maputo_is_north_south(self):
        event = _event(_city("barcelona", "ES"), [_city("maputo", "MZ")])
        assert compute_modality(event) == Modality.NORTH_SOUTH

    def test_barcelona_and_turin_is_north_north(self):
        event = _event(_city("barcelona", "ES"), [_city("turin", "IT")])
        assert compute_modality(event) == Modality.NORTH_NORTH

    def test_refresh_keeps_a_curators_override(self):
        event = _event(_city("barcelona", "ES"), [_city("maputo", "MZ")])
        event.modality = Modality.SOUTH_SOUTH
        event.modality_overridden = True
        event.save()
        assert event.refresh_modality() == Modality.SOUTH_SOUTH
        event.modality_overridden = False
        assert event.refresh_modality() == Modality.NORTH_SOUTH
        event.refresh_from_db()
        assert event.modality == Modality.NORTH_SOUTH


@pytest.mark.parametrize(
    ("population", "expected"),
    [
        (None, None),
        (0, PopulationClass.SMALL),
        (49_999, PopulationClass.SMALL),
        (50_000, PopulationClass.INTERMEDIARY),
        (500_000, PopulationClass.INTERMEDIARY),
        (500_001, PopulationClass.LARGE),
        (1_000_000, PopulationClass.LARGE),
        (1_000_001, PopulationClass.METROPOLIS),
        (20_000_000, PopulationClass.METROPOLIS),
    ],
)
def test_population_class_boundaries(population, expected):
    assert population_class(population) == expected


def test_population_class_refuses_a_negative_population():
    with pytest.raises(ValueError, match="-1"):
        population_class(-1)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("klass", "expected"),
    [
        ("small", {"a"}),
        ("intermediary", {"b", "c"}),
        ("large", {"d", "e"}),
        ("metropolis", {"f"}),
    ],
)
def test_population_class_filter_agrees_with_the_rule(klass, expected):
    from cities.models import City

    for slug, population in [
        ("a", 49_999),
        ("b", 50_000),
        ("c", 500_000),
        ("d", 500_001),
        ("e", 1_000_000),
        ("f", 1_000_001),
    ]:
        CityFactory(slug=slug, population=population)
    CityFactory(slug="unknown", population=None)
    selected = set(City.objects.of_population_class(klass).values_list("slug", flat=True))
    assert selected == expected
    assert all(City.objects.get(slug=slug).population_class == klass for slug in selected)


@pytest.mark.parametrize(
    ("done", "total", "expected"),
    [(0, 0, None), (0, 4, 0.0), (1, 4, 0.25), (3, 4, 0.75), (4, 4, 1.0)],
)
def test_roadmap_progress(done, total, expected):
    assert roadmap_progress(done=done, total=total) == expected


@pytest.mark.parametrize(("done", "total"), [(5, 4), (-1, 3), (0, -1)])
def test_roadmap_progress_refuses_impossible_counts(done, total):
    with pytest.raises(ValueError):
        roadmap_progress(done=done, total=total)


@pytest.mark.django_db
def test_roadmap_progress_counts_done_actions_among_all():
    roadmap = RoadmapFactory()
    for status in [
        ActionStatus.DONE,
        ActionStatus.DONE,
        ActionStatus.IN_PROGRESS,
        ActionStatus.PLANNED,
        ActionStatus.DROPPED,
    ]:
        ActionFactory(roadmap=roadmap, status=status)
    assert roadmap.progress == pytest.approx(0.4)
    annotated = Roadmap.objects.with_progress().get(pk=roadmap.pk)
    assert annotated.progress == pytest.approx(0.4)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        ("2026-11-23", 24, "2024-11-23"),
        ("2026-11-23", 12, "2025-11-23"),
        ("2026-03-31", 1, "2026-02-28"),
        ("2028-02-29", 24, "2026-02-28"),
        ("2026-01-15", 1, "2025-12-15"),
    ],
)
def test_months_before(day, months, expected):
    import datetime

    from base.dates import months_before

    parsed = datetime.date.fromisoformat(day)
    assert months_before(parsed, months) == datetime.date.fromisoformat(expected)
