"""Factories for every model; reference data (countries, pillars, SDGs, sectors,
criteria) comes from the migrations and is looked up, not created."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from cities.models import (
    City,
    Country,
    Organization,
    OrganizationKind,
    Partnership,
    Place,
    PlaceKind,
)
from exchanges.models import (
    Action,
    Commitment,
    CountryParticipation,
    DelegateCategory,
    DelegationMember,
    Event,
    EventKind,
    EventStatus,
    OrganizationParticipation,
    Participation,
    ParticipationRole,
    RegistrantRole,
    Registration,
    Roadmap,
)
from exchanges.rules import Modality
from practices.models import Adoption, Practice, PracticeStatus, Result


def country(code: str) -> Country:
    return Country.objects.get(code=code)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.set(Group.objects.filter(name__in=extracted))


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    slug = factory.Sequence(lambda n: f"organization-{n}")
    name = factory.Sequence(lambda n: f"Organization {n}")
    kind = OrganizationKind.LOCAL_GOVERNMENT_ASSOCIATION
    country = factory.LazyFunction(lambda: country("MZ"))


class CityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = City

    slug = factory.Sequence(lambda n: f"city-{n}")
    name = factory.Sequence(lambda n: f"City {n}")
    country = factory.LazyFunction(lambda: country("MZ"))
    population = 250_000
    population_year = 2017
    latitude = Decimal("-25.965300")
    longitude = Decimal("32.583200")


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    slug = factory.Sequence(lambda n: f"partnership-{n}")
    name = factory.Sequence(lambda n: f"Partnership {n}")
    kind = "cooperation-agreement"
    status = "active"


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    slug = factory.Sequence(lambda n: f"event-{n}")
    title = factory.Sequence(lambda n: f"Peer learning event {n}")
    kind = EventKind.PEER_LEARNING
    host_city = factory.SubFactory(CityFactory)
    start_date = datetime.date(2012, 11, 26)
    end_date = factory.LazyAttribute(lambda e: e.start_date + datetime.timedelta(days=2))
    status = EventStatus.HELD
    modality = Modality.SOUTH_SOUTH
    summary = "Cities meet to learn from each other how to create decent work."


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    event = factory.SubFactory(EventFactory)
    city = factory.SubFactory(CityFactory)
    role = ParticipationRole.PEER
    delegation_size = 3


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Delegate {n}")
    email = factory.Sequence(lambda n: f"delegate{n}@example.org")
    role = RegistrantRole.LOCAL_GOVERNMENT
    consented_at = factory.LazyFunction(timezone.now)


class RoadmapFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Roadmap

    slug = factory.Sequence(lambda n: f"roadmap-{n}")
    title = factory.Sequence(lambda n: f"Roadmap {n}")
    event = factory.SubFactory(EventFactory)
    adopted_on = factory.LazyAttribute(lambda r: r.event.end_date)


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    roadmap = factory.SubFactory(RoadmapFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = "Exchange knowledge on local economic development."


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    roadmap = factory.SubFactory(RoadmapFactory)
    title = factory.Sequence(lambda n: f"Action {n}")


class PracticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Practice

    slug = factory.Sequence(lambda n: f"practice-{n}")
    title = factory.Sequence(lambda n: f"Good practice {n}")
    summary = "A practice that created decent jobs."
    city = factory.SubFactory(CityFactory)
    status = PracticeStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    verified_on = factory.LazyFunction(timezone.localdate)


class ResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Result

    practice = factory.SubFactory(PracticeFactory)
    indicator = "Businesses engaged in formal bookkeeping"
    value_before = Decimal("22")
    value_after = Decimal("38")
    unit = "%"


class AdoptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Adoption

    practice = factory.SubFactory(PracticeFactory)
    city = factory.SubFactory(CityFactory)
    stage = "adapting"
    year = 2013


# A curator's review card, complete and valid: publishing needs one.
REVIEW_CARD = {
    "sustainability": 4,
    "sustainability_justification": "Funded by the municipal budget since 2010.",
    "innovation": 3,
    "innovation_justification": "Adapts a known training package.",
    "horizontal_cooperation": 5,
    "horizontal_cooperation_justification": "Shared with three cities.",
    "evidence_of_results": 2,
    "evidence_of_results_justification": "One survey, no baseline.",
}


class ProgressReportFactory(factory.django.DjangoModelFactory):
    """A report on a commitment (give `action=...` and `commitment=None` for an action)."""

    class Meta:
        model = "exchanges.ProgressReport"

    commitment = factory.SubFactory(CommitmentFactory, report_every_months=6)
    status = "on-track"
    summary = "The exchange planned for this period took place."
    period_ends_on = datetime.date(2013, 5, 8)


class CountryParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CountryParticipation

    event = factory.SubFactory(EventFactory)
    country = factory.LazyFunction(lambda: country("ZA"))
    role = ParticipationRole.PEER


class OrganizationParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganizationParticipation

    event = factory.SubFactory(EventFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = ParticipationRole.FACILITATOR


class DelegationMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DelegationMember

    participation = factory.SubFactory(ParticipationFactory)
    category = DelegateCategory.OFFICIALS
    count = None


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place

    slug = factory.Sequence(lambda n: f"place-{n}")
    name = factory.Sequence(lambda n: f"Province {n}")
    kind = PlaceKind.PROVINCE
    country = factory.LazyFunction(lambda: country("ID"))


class FollowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "follows.Follow"

    user = factory.SubFactory(UserFactory)
    city = factory.SubFactory(CityFactory)
    frequency = "daily"


# Transfer journeys and challenges.


class AdoptionStageChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "practices.AdoptionStageChange"

    adoption = factory.SubFactory(AdoptionFactory)
    stage = factory.LazyAttribute(lambda change: change.adoption.stage)
    previous_stage = ""
    reached_on = datetime.date(2013, 6, 1)


class ChallengeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "matching.Challenge"

    slug = factory.Sequence(lambda n: f"challenge-{n}")
    city = factory.SubFactory(CityFactory)
    title = factory.Sequence(lambda n: f"Challenge {n}")
    description = "Our market vendors lack sanitation and a voice."


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "sources.Source"

    slug = factory.Sequence(lambda n: f"source-{n}")
    title = factory.Sequence(lambda n: f"City-to-City handbook, part {n}")
    publisher = "International Labour Office"
    year = 2013
    kind = "handbook"


class CitationFactory(factory.django.DjangoModelFactory):
    """A citation of `record` (any citable object): pass record=..."""

    class Meta:
        model = "sources.Citation"
        exclude = ["record"]

    record = factory.SubFactory(PracticeFactory)
    source = factory.SubFactory(SourceFactory)
    content_type = factory.LazyAttribute(lambda o: ContentType.objects.get_for_model(o.record))
    object_id = factory.LazyAttribute(lambda o: o.record.pk)
    position = factory.Sequence(lambda n: n + 1)
    locator = "section 5"
