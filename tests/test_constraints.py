"""Every invariant is a database constraint: a good row is saved, a bad row refused
by the database itself (updates go through `QuerySet.update`, past any form)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from base.models import SDG
from cities.models import City, Country, Organization, Partnership
from exchanges.models import Commitment, Event, Participation, Registration
from practices.models import Adoption, Practice
from tests.factories import (
    AdoptionFactory,
    CityFactory,
    CommitmentFactory,
    EventFactory,
    OrganizationFactory,
    ParticipationFactory,
    PartnershipFactory,
    PracticeFactory,
    RegistrationFactory,
    ResultFactory,
)

pytestmark = pytest.mark.django_db


def refused(model, pk, **values):
    """True when the database refuses to set `values` on the row `pk`."""
    try:
        with transaction.atomic():
            model.objects.filter(pk=pk).update(**values)
    except IntegrityError:
        return True
    return False


def accepted(model, pk, **values):
    with transaction.atomic():
        return model.objects.filter(pk=pk).update(**values) == 1


# (factory, field values the database accepts, field values it refuses)
CASES = [
    (CityFactory, {"latitude": Decimal("90")}, {"latitude": Decimal("90.5")}),
    (CityFactory, {"latitude": Decimal("-90")}, {"latitude": Decimal("-91")}),
    (CityFactory, {"longitude": Decimal("180")}, {"longitude": Decimal("180.1")}),
    (CityFactory, {"longitude": Decimal("-180")}, {"longitude": Decimal("-181")}),
    (CityFactory, {"population": 0}, {"population": -1}),
    (CityFactory, {"population_year": 2024}, {"population_year": 1200}),
    (OrganizationFactory, {"kind": "donor"}, {"kind": "bank"}),
    (
        PartnershipFactory,
        {"start_date": datetime.date(2013, 1, 1), "end_date": datetime.date(2013, 1, 1)},
        {"start_date": datetime.date(2013, 1, 2), "end_date": datetime.date(2013, 1, 1)},
    ),
    (PartnershipFactory, {"status": "in-process"}, {"status": "signed"}),
    (PartnershipFactory, {"kind": "twinning"}, {"kind": "friendship"}),
    (
        EventFactory,
        {"start_date": datetime.date(2012, 11, 26), "end_date": datetime.date(2012, 11, 26)},
        {"start_date": datetime.date(2012, 11, 26), "end_date": datetime.date(2012, 11, 25)},
    ),
    (EventFactory, {"capacity": 0}, {"capacity": -5}),
    (EventFactory, {"registrations_per_official": 1}, {"registrations_per_official": 0}),
    (
        EventFactory,
        {"registration_deadline": datetime.date(2012, 11, 28)},
        {"registration_deadline": datetime.date(2012, 11, 29)},
    ),
    (EventFactory, {"kind": "study-visit"}, {"kind": "party"}),
    (EventFactory, {"status": "cancelled"}, {"status": "postponed"}),
    (EventFactory, {"modality": "north-north"}, {"modality": "east-west"}),
    (ParticipationFactory, {"role": "learner"}, {"role": "observer"}),
    (ParticipationFactory, {"delegation_size": 0}, {"delegation_size": -2}),
    (RegistrationFactory, {"status": "waitlisted"}, {"status": "maybe"}),
    (RegistrationFactory, {"role": "informal-economy"}, {"role": "student"}),
    (CommitmentFactory, {"number": 1}, {"number": 0}),
    (
        PracticeFactory,
        {"start_year": 2009, "end_year": 2009},
        {"start_year": 2010, "end_year": 2009},
    ),
    (PracticeFactory, {"start_year": 1900}, {"start_year": 1899}),
    (PracticeFactory, {"status": "rejected"}, {"status": "archived"}),
    (PracticeFactory, {"verified_on": datetime.date(2025, 1, 1)}, {"verified_on": None}),
    (
        PracticeFactory,
        {"status": "draft", "published_at": None},
        {"status": "published", "published_at": None},
    ),
    (ResultFactory, {"value_before": None}, {"value_before": None, "value_after": None}),
    (AdoptionFactory, {"stage": "sustained"}, {"stage": "dreaming"}),
    (AdoptionFactory, {"year": 2013}, {"year": 1000}),
]


@pytest.mark.parametrize(
    ("factory", "good", "bad"), CASES, ids=[f"{c[0].__name__}-{c[2]}" for c in CASES]
)
def test_check_constraint(factory, good, bad):
    row = factory()
    model = factory._meta.model
    assert accepted(model, row.pk, **good)
    assert refused(model, row.pk, **bad)


@pytest.mark.parametrize("number", [1, 17])
def test_sdg_number_in_range_is_accepted(number):
    assert SDG.objects.filter(number=number).exists()


@pytest.mark.parametrize("number", [0, 18, 99])
def test_sdg_number_out_of_range_is_refused(number):
    sdg = SDG.objects.get(number=8)
    assert refused(SDG, sdg.pk, number=number)


def test_sdg_colour_must_be_hex():
    sdg = SDG.objects.get(number=8)
    assert accepted(SDG, sdg.pk, colour="#a21942")
    assert refused(SDG, sdg.pk, colour="red")


def test_country_code_is_two_capital_letters_and_region_known():
    assert refused(Country, "MZ", region="oceania")
    with pytest.raises(IntegrityError), transaction.atomic():
        Country.objects.create(code="m1", name="Nowhere", region="africa", global_south=True)


@pytest.mark.parametrize(
    ("factory", "model"),
    [
        (CityFactory, City),
        (OrganizationFactory, Organization),
        (PartnershipFactory, Partnership),
        (EventFactory, Event),
        (PracticeFactory, Practice),
    ],
)
def test_slugs_are_unique(factory, model):
    factory(slug="maputo-2012")
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(slug="maputo-2012")
    assert model.objects.filter(slug="maputo-2012").count() == 1


def test_one_participation_per_city_and_event():
    participation = ParticipationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Participation.objects.create(
            event=participation.event, city=participation.city, role="peer"
        )
    ParticipationFactory(event=participation.event)
    assert Participation.objects.filter(event=participation.event).count() == 2


def test_commitment_numbers_are_unique_per_roadmap():
    commitment = CommitmentFactory(number=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        Commitment.objects.create(roadmap=commitment.roadmap, number=3, text="Again")
    CommitmentFactory(number=3)  # another roadmap may have its own third commitment


def test_one_adoption_per_practice_and_city():
    adoption = AdoptionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Adoption.objects.create(practice=adoption.practice, city=adoption.city, stage="sustained")


def test_a_registration_needs_consent():
    registration = RegistrationFactory()
    assert refused(Registration, registration.pk, consented_at=None)


def test_one_live_registration_per_event_and_email():
    live = RegistrationFactory(email="ana@example.org")
    cancelled = RegistrationFactory(event=live.event, email="ANA@example.org", status="cancelled")
    # Reviving the cancelled one while the other lives is refused, whatever the case...
    assert refused(Registration, cancelled.pk, status="confirmed")
    # ...and allowed once the other is cancelled or anonymized.
    assert accepted(Registration, live.pk, anonymized_at=live.consented_at)
    assert accepted(Registration, cancelled.pk, status="confirmed")


def test_the_models_name_the_field_of_a_date_out_of_order():
    # One place for "ends before it starts": the model, which forms and services reach
    # through full_clean; the database constraint stays behind it.
    event = EventFactory.build(
        host_city=CityFactory(),
        start_date=datetime.date(2013, 6, 2),
        end_date=datetime.date(2013, 6, 1),
        registration_deadline=datetime.date(2013, 6, 3),
    )
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert error.value.message_dict["end_date"] == ["The event ends before it starts."]
    assert error.value.message_dict["registration_deadline"] == [
        "The registration deadline is after the event."
    ]
    practice = PracticeFactory.build(city=None, start_year=2014, end_year=2012)
    with pytest.raises(ValidationError) as error:
        practice.full_clean()
    assert error.value.message_dict == {"end_year": ["The end year comes before the start year."]}
    practice.end_year = 2014
    practice.full_clean()
