"""A synthetic peer learning network, for measuring the portal at scale.

`generate_network()` writes cities, organizations, partnerships, events (with their
participants, registrations and roadmaps) and good practices (with their results and
adoptions) whose shapes follow the real network: cities in every ILO region and every
population class, events with several participating cities, practices tagged with
several pillars, SDGs and sectors, mostly published, in English, French, Spanish and
Portuguese.

The same seed gives the same network: every choice comes from one `random.Random(seed)`
and every date from a fixed anchor day, never from the clock. Everything it creates has
a slug starting with `gen-`, so it never collides with the demo network and can be told
apart (and removed) later. Rows are written with `bulk_create` in batches, inside one
transaction, so an interrupted run leaves nothing behind.
"""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from django.db import connection, models, transaction
from django.utils.text import slugify

from base import cache
from base.models import SDG, Criterion, Pillar, Sector
from cities.models import (
    OUTSIDE_KINDS,
    City,
    Country,
    Organization,
    OrganizationKind,
    Partnership,
    PartnershipKind,
    PartnershipStatus,
    Region,
)
from cities.rules import POPULATION_CLASS_BOUNDS, PopulationClass
from exchanges.models import (
    Action,
    ActionStatus,
    Commitment,
    Event,
    EventKind,
    EventStatus,
    Participation,
    ParticipationRole,
    RegistrantRole,
    Registration,
    RegistrationStatus,
    Roadmap,
)
from exchanges.rules import modality_for
from matching import challenges as peers
from practices.models import Adoption, AdoptionStage, Practice, PracticeStatus, Result

# Every slug the generator writes starts with this, so it cannot collide with the demo.
SLUG_PREFIX = "gen-"

# The day the network is generated "on": fixed, so the same seed gives the same dates
# whatever day it runs. Events reach 18 months past it, so some stay upcoming for long.
DEFAULT_TODAY = datetime.date(2026, 11, 1)

DEFAULT_BATCH_SIZE = 5000

M = TypeVar("M", bound=models.Model)
T = TypeVar("T")

# (done, total) of a step, with its name: what a progress display needs.
Progress = Callable[[str, int, int], None]

LANGUAGES = ("en", "fr", "es", "pt")

# The languages in which a region's cities write, most common first (weights follow).
REGION_LANGUAGES: dict[str, tuple[tuple[str, ...], tuple[int, ...]]] = {
    Region.AFRICA: (("en", "fr", "pt"), (5, 4, 2)),
    Region.AMERICAS: (("es", "pt", "en"), (5, 3, 2)),
    Region.ARAB_STATES: (("fr", "en"), (1, 1)),
    Region.ASIA_PACIFIC: (("en", "fr"), (9, 1)),
    Region.EUROPE_CENTRAL_ASIA: (("en", "fr", "es", "pt"), (4, 2, 2, 1)),
}

# Syllables of city names by region: (prefixes, roots, endings).
NAME_PARTS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    Region.AFRICA: (
        ("", "", "", "Port ", "Grand-", "Vila "),
        ("Ma", "Ka", "Bu", "Nda", "Ki", "Lu", "Mo", "Tam", "Ba", "Ou", "Zi", "Ga", "Nya"),
        ("puto", "rban", "kar", "diéné", "lemba", "mako", "goma", "rare", "nzi", "sumu", "bwe"),
    ),
    Region.AMERICAS: (
        ("", "", "San ", "Santa ", "Porto ", "Vila ", "Nova ", "Puerto ", "Villa "),
        ("Ale", "Cru", "Mar", "Vic", "Flo", "Cu", "Cam", "Bel", "Ro", "Gua", "Val", "Pas"),
        ("gre", "ritiba", "ília", "tória", "resta", "pinas", "ém", "sario", "dalupe", "to"),
    ),
    Region.ARAB_STATES: (
        ("", "Al-", "Dar ", "Bab ", "Sidi ", "Ain ", "Ras ", "Beni "),
        ("Ra", "Ma", "Za", "Ha", "Sa", "Ka", "Ja", "Ta", "Aga", "Che"),
        ("bat", "rrakech", "rqa", "fax", "mah", "ssa", "dir", "fchaouen", "rouan"),
    ),
    Region.ASIA_PACIFIC: (
        ("", "", "Chiang ", "Ban ", "Kota ", "Nam ", "Bandar ", "Da "),
        ("Ma", "Ka", "Su", "Ba", "Pa", "Ha", "Lu", "Ta", "Se", "Bi", "Ri"),
        ("pur", "abad", "rang", "kassar", "nila", "baya", "kina", "nang", "mai", "ceh"),
    ),
    Region.EUROPE_CENTRAL_ASIA: (
        ("", "", "", "Saint-", "Sankt ", "Nova ", "Castel"),
        ("Lle", "Ber", "Tor", "Mar", "Val", "Lyo", "Gra", "Bre", "Bar", "Tu", "Al"),
        ("ida", "gamo", "ino", "seille", "ence", "burg", "ville", "stadt", "celona", "ovo"),
    ),
}

# Rough boxes (latitude, longitude ranges) that keep a region's cities where it lies.
REGION_BOXES: dict[str, tuple[tuple[float, float], tuple[float, float]]] = {
    Region.AFRICA: ((-34.0, 35.0), (-17.0, 50.0)),
    Region.AMERICAS: ((-50.0, 60.0), (-120.0, -35.0)),
    Region.ARAB_STATES: ((12.0, 37.0), (35.0, 58.0)),
    Region.ASIA_PACIFIC: ((-40.0, 45.0), (70.0, 175.0)),
    Region.EUROPE_CENTRAL_ASIA: ((36.0, 65.0), (-10.0, 80.0)),
}

# How cities spread over the population classes (the first four cover every class).
POPULATION_CLASS_WEIGHTS: dict[str, int] = {
    PopulationClass.SMALL: 30,
    PopulationClass.INTERMEDIARY: 45,
    PopulationClass.LARGE: 12,
    PopulationClass.METROPOLIS: 13,
}

# Themes of exchanges and practices, in the four languages (en, fr, es, pt).
TOPICS: tuple[tuple[str, str, str, str], ...] = (
    ("youth employment", "l'emploi des jeunes", "el empleo juvenil", "o emprego juvenil"),
    (
        "informal market vendors",
        "les vendeurs des marchés informels",
        "los vendedores de mercados informales",
        "os vendedores de mercados informais",
    ),
    (
        "waste pickers' cooperatives",
        "les coopératives de récupérateurs",
        "las cooperativas de recicladores",
        "as cooperativas de catadores",
    ),
    (
        "local economic development",
        "le développement économique local",
        "el desarrollo económico local",
        "o desenvolvimento econômico local",
    ),
    (
        "social dialogue forums",
        "les forums de dialogue social",
        "los foros de diálogo social",
        "os fóruns de diálogo social",
    ),
    (
        "social protection floors",
        "les socles de protection sociale",
        "los pisos de protección social",
        "os pisos de proteção social",
    ),
    (
        "women's entrepreneurship",
        "l'entrepreneuriat féminin",
        "el emprendimiento femenino",
        "o empreendedorismo feminino",
    ),
    (
        "the social and solidarity economy",
        "l'économie sociale et solidaire",
        "la economía social y solidaria",
        "a economia social e solidária",
    ),
    (
        "vocational training",
        "la formation professionnelle",
        "la formación profesional",
        "a formação profissional",
    ),
    (
        "local public procurement",
        "les marchés publics locaux",
        "las compras públicas locales",
        "as compras públicas locais",
    ),
    (
        "employment-intensive infrastructure",
        "les infrastructures à haute intensité de main-d'œuvre",
        "la infraestructura intensiva en empleo",
        "a infraestrutura intensiva em emprego",
    ),
    (
        "the elimination of child labour",
        "l'élimination du travail des enfants",
        "la erradicación del trabajo infantil",
        "a erradicação do trabalho infantil",
    ),
    (
        "occupational safety and health",
        "la sécurité et la santé au travail",
        "la seguridad y salud en el trabajo",
        "a segurança e saúde no trabalho",
    ),
    ("green jobs", "les emplois verts", "los empleos verdes", "os empregos verdes"),
    ("cultural tourism", "le tourisme culturel", "el turismo cultural", "o turismo cultural"),
    ("urban agriculture", "l'agriculture urbaine", "la agricultura urbana", "a agricultura urbana"),
    (
        "migrant workers' rights",
        "les droits des travailleurs migrants",
        "los derechos de los trabajadores migrantes",
        "os direitos dos trabalhadores migrantes",
    ),
    ("microfinance", "la microfinance", "las microfinanzas", "as microfinanças"),
    (
        "one-stop business centres",
        "les guichets uniques pour les entreprises",
        "las ventanillas únicas empresariales",
        "os balcões únicos de empresas",
    ),
    (
        "participatory budgeting",
        "le budget participatif",
        "el presupuesto participativo",
        "o orçamento participativo",
    ),
    (
        "domestic workers",
        "les travailleurs domestiques",
        "las trabajadoras del hogar",
        "as trabalhadoras domésticas",
    ),
    (
        "artisanal fisheries",
        "la pêche artisanale",
        "la pesca artesanal",
        "a pesca artesanal",
    ),
)

EVENT_TITLES = {
    "en": "{kind} on {topic} in {city}",
    "fr": "Échange entre pairs sur {topic} à {city}",
    "es": "Intercambio entre pares sobre {topic} en {city}",
    "pt": "Intercâmbio entre pares sobre {topic} em {city}",
}
PRACTICE_TITLES = {
    "en": ("{city}: a programme for {topic}", "Scaling up {topic} in {city}"),
    "fr": ("{city} : un programme pour {topic}", "Renforcer {topic} à {city}"),
    "es": ("{city}: un programa para {topic}", "Fortalecer {topic} en {city}"),
    "pt": ("{city}: um programa para {topic}", "Fortalecer {topic} em {city}"),
}
SENTENCES = {
    "en": (
        "The municipality worked with workers' and employers' organizations on {topic}.",
        "Delegations compared how their cities organize {topic}.",
        "A local committee followed the results every quarter.",
        "Peer cities shared their methods and their mistakes.",
        "The programme reached informal workers who had no access to public services.",
        "Trade unions and the chamber of commerce sat on the steering committee.",
    ),
    "fr": (
        "La municipalité a travaillé avec les syndicats et les employeurs sur {topic}.",
        "Les délégations ont comparé comment leurs villes organisent {topic}.",
        "Un comité local a suivi les résultats chaque trimestre.",
        "Les villes paires ont partagé leurs méthodes et leurs erreurs.",
        "Le programme a atteint des travailleurs informels sans accès aux services publics.",
    ),
    "es": (
        "El municipio trabajó con sindicatos y empleadores sobre {topic}.",
        "Las delegaciones compararon cómo sus ciudades organizan {topic}.",
        "Un comité local siguió los resultados cada trimestre.",
        "Las ciudades pares compartieron sus métodos y sus errores.",
        "El programa llegó a trabajadores informales sin acceso a servicios públicos.",
    ),
    "pt": (
        "A prefeitura trabalhou com sindicatos e empregadores sobre {topic}.",
        "As delegações compararam como suas cidades organizam {topic}.",
        "Um comitê local acompanhou os resultados a cada trimestre.",
        "As cidades pares partilharam seus métodos e seus erros.",
        "O programa alcançou trabalhadores informais sem acesso a serviços públicos.",
    ),
}
CITY_SENTENCES = {
    "en": "{city} is a city of {country} whose economy rests on {sectors}.",
    "fr": "{city} est une ville de {country} dont l'économie repose sur {sectors}.",
    "es": "{city} es una ciudad de {country} cuya economía se basa en {sectors}.",
    "pt": "{city} é uma cidade de {country} cuja economia assenta em {sectors}.",
}
INDICATORS = (
    ("Jobs created", "jobs"),
    ("Monthly income of participants", "USD"),
    ("Registered enterprises", "enterprises"),
    ("Women among beneficiaries", "%"),
    ("Workers covered by social protection", "workers"),
    ("Vendors with a licence", "vendors"),
    ("Tonnes of waste recycled", "t"),
    ("Young people trained", "people"),
)
ORGANIZATION_WORDS = {
    OrganizationKind.INTERNATIONAL: ("International Programme", "Global Alliance", "Network"),
    OrganizationKind.DONOR: ("Development Agency", "Cooperation Fund", "Foundation"),
    OrganizationKind.LOCAL_GOVERNMENT_ASSOCIATION: (
        "Association of Municipalities",
        "Cities Network",
        "Union of Local Authorities",
    ),
    OrganizationKind.NATIONAL_GOVERNMENT: ("Ministry of Labour", "Ministry of Local Government"),
    OrganizationKind.WORKERS: ("Trade Union Confederation", "Workers' Federation"),
    OrganizationKind.EMPLOYERS: ("Chamber of Commerce", "Employers' Federation"),
    OrganizationKind.NGO: ("Street Vendors Alliance", "Women's Cooperative Network"),
    OrganizationKind.TRAINING: ("Training Centre", "Vocational Institute"),
    OrganizationKind.ACADEMIC: ("University", "Urban Research Institute"),
}
ORGANIZATION_KIND_WEIGHTS: dict[str, int] = {
    OrganizationKind.INTERNATIONAL: 8,
    OrganizationKind.DONOR: 7,
    OrganizationKind.LOCAL_GOVERNMENT_ASSOCIATION: 30,
    OrganizationKind.NATIONAL_GOVERNMENT: 12,
    OrganizationKind.WORKERS: 10,
    OrganizationKind.EMPLOYERS: 10,
    OrganizationKind.NGO: 11,
    OrganizationKind.TRAINING: 6,
    OrganizationKind.ACADEMIC: 6,
}
PRACTICE_STATUS_WEIGHTS: dict[str, int] = {
    PracticeStatus.PUBLISHED: 85,
    PracticeStatus.SUBMITTED: 5,
    PracticeStatus.DRAFT: 4,
    PracticeStatus.CHANGES_REQUESTED: 3,
    PracticeStatus.REJECTED: 3,
}
PARTICIPANT_ROLE_WEIGHTS: dict[str, int] = {
    ParticipationRole.PEER: 5,
    ParticipationRole.LEARNER: 4,
    ParticipationRole.RESOURCE: 1,
}
# SDG 8 (decent work) dominates, then the goals the source documents cite most.
SDG_WEIGHTS: dict[int, int] = dict(
    zip(range(1, 18), (6, 2, 2, 4, 6, 1, 1, 20, 4, 6, 8, 2, 2, 1, 1, 3, 5), strict=True)
)


@dataclass(frozen=True)
class NetworkSize:
    """How many of each main object to generate; the others follow from these."""

    cities: int
    events: int
    practices: int

    def __post_init__(self) -> None:
        if self.cities < 2:
            raise ValueError("a network needs at least two cities")
        if self.events < 0 or self.practices < 0:
            raise ValueError("the numbers of events and practices cannot be negative")

    @property
    def organizations(self) -> int:
        return max(10, self.cities // 25)

    @property
    def partnerships(self) -> int:
        return self.cities // 10

    @property
    def roadmaps(self) -> int:
        return self.events // 40

    @property
    def adoptions(self) -> int:
        return self.practices // 6


@dataclass
class GenerationReport:
    """What a run wrote: rows by table, and how long it took."""

    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def add(self, name: str, count: int) -> None:
        self.rows[name] = self.rows.get(name, 0) + count

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


class SyntheticDataExists(Exception):
    """The database already holds a generated network."""


# --- the entry points ----------------------------------------------------------------


def generate_network(
    *,
    size: NetworkSize,
    seed: int,
    today: datetime.date = DEFAULT_TODAY,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Progress | None = None,
) -> GenerationReport:
    """Write a synthetic network of `size` into the database, the same for the same seed.

    Refuses (SyntheticDataExists) when a generated network is already there: call
    `delete_generated_network()` first."""
    if generated_network_exists():
        raise SyntheticDataExists(
            "the database already holds a generated network (slugs starting with "
            f"{SLUG_PREFIX!r}); remove it first"
        )
    started = time.monotonic()
    writer = _Writer(batch_size=batch_size, progress=progress or _no_progress)
    builder = _Builder(rng=random.Random(seed), size=size, today=today, writer=writer)
    # Per-row cache invalidation is pointless for a bulk load: one bump at the end.
    with transaction.atomic(), cache.content_changes_batched():
        builder.build()
        # bulk_create sends no signal: what each city works on is derived once here.
        peers.rebuild_challenges()
    refresh_statistics(sorted(writer.report.rows))
    writer.report.seconds = time.monotonic() - started
    return writer.report


def refresh_statistics(tables: list[str]) -> None:
    """Give PostgreSQL's planner the statistics of what was just loaded, and its
    visibility map (index-only scans), instead of waiting for autovacuum: until then it
    plans for empty tables. VACUUM cannot run inside a transaction (a test's): there,
    statistics only."""
    if connection.vendor != "postgresql":
        return
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"{command} {connection.ops.quote_name(table)}")


def generated_network_exists() -> bool:
    return City.objects.filter(slug__startswith=SLUG_PREFIX).exists()


def delete_generated_network() -> int:
    """Remove everything the generator wrote (by slug); returns the rows deleted."""
    deleted = 0
    generated = {"slug__startswith": SLUG_PREFIX}
    with transaction.atomic(), cache.content_changes_batched(), peers.challenges_deferred():
        # Children that protect their parents go first.
        for queryset in (
            Practice.objects.filter(**generated),
            Roadmap.objects.filter(**generated),
            Event.objects.filter(**generated),
            Partnership.objects.filter(**generated),
            City.objects.filter(**generated),
            Organization.objects.filter(**generated),
        ):
            count, _by_model = queryset.delete()
            deleted += count
    return deleted


# --- writing ---------------------------------------------------------------------------


def _no_progress(step: str, done: int, total: int) -> None:
    pass


class _Writer:
    """Bulk-creates rows in batches, counting them and reporting progress."""

    def __init__(self, *, batch_size: int, progress: Progress) -> None:
        self.batch_size = batch_size
        self.progress = progress
        self.report = GenerationReport()

    def create(self, step: str, model: type[M], rows: Sequence[M]) -> list[M]:
        """Insert `rows` (their primary keys are set on return), reporting `step`."""
        total = len(rows)
        self.progress(step, 0, total)
        for start in range(0, total, self.batch_size):
            batch = rows[start : start + self.batch_size]
            model.objects.bulk_create(batch, batch_size=self.batch_size)
            self.progress(step, start + len(batch), total)
        self.report.add(model._meta.db_table, total)
        return list(rows)

    def link(self, step: str, through: type[models.Model], pairs: list[dict[str, int]]) -> None:
        """Insert the rows of a many-to-many table from their foreign key values."""
        self.create(step, through, [through(**pair) for pair in pairs])


# --- building --------------------------------------------------------------------------


@dataclass
class _CityRow:
    pk: int
    name: str
    region: str
    country_code: str
    global_south: bool


@dataclass
class _EventRow:
    pk: int
    start_date: datetime.date
    end_date: datetime.date
    status: str
    city_pks: list[int]
    organization_pks: list[int]


class _Builder:
    """Makes the rows in dependency order, every choice from one random generator."""

    def __init__(
        self, *, rng: random.Random, size: NetworkSize, today: datetime.date, writer: _Writer
    ) -> None:
        self.rng = rng
        self.size = size
        self.today = today
        self.writer = writer
        # Reference data, in a stable order so that the same seed picks the same rows.
        self.countries = list(Country.objects.order_by("code"))
        self.country_by_code = {country.code: country for country in self.countries}
        self.sectors = list(Sector.objects.order_by("slug"))
        self.pillars = list(Pillar.objects.order_by("position"))
        self.sdgs = list(SDG.objects.order_by("number"))
        self.criteria = list(Criterion.objects.order_by("slug"))
        if not (self.countries and self.sectors and self.pillars and self.sdgs):
            raise RuntimeError("reference data is missing: run the migrations first")
        self.cities: list[_CityRow] = []
        self.cities_by_region: dict[str, list[_CityRow]] = {}
        self.organizations: list[Organization] = []
        self.events: list[_EventRow] = []
        self.held_events: list[_EventRow] = []
        # (number, pk, capacity, registration deadline, start date, host city pk) of the
        # events open for registration; the number (as in the slug) names registrants.
        self.open_events: list[tuple[int, int, int, datetime.date | None, datetime.date, int]] = []
        self.published_practices: list[tuple[int, int | None, int | None]] = []

    def build(self) -> None:
        self.make_organizations()
        self.make_cities()
        self.make_partnerships()
        self.make_events()
        self.make_registrations()
        self.make_roadmaps()
        self.make_practices()
        self.make_adoptions()

    # -- helpers

    def pick(self, population: Sequence[T], weights: Sequence[int] | None = None) -> T:
        if weights is None:
            return population[self.rng.randrange(len(population))]
        return self.rng.choices(population, weights=weights, k=1)[0]

    def sample(self, population: Sequence[T], low: int, high: int) -> list[T]:
        """Between `low` and `high` distinct items (fewer if there are fewer)."""
        count = min(self.rng.randint(low, high), len(population))
        return self.rng.sample(population, count)

    def day_between(self, first: datetime.date, last: datetime.date) -> datetime.date:
        return first + datetime.timedelta(days=self.rng.randint(0, (last - first).days))

    def moment(self, day: datetime.date) -> datetime.datetime:
        """A time of that day (working hours, UTC): deterministic, unlike now()."""
        return datetime.datetime.combine(
            day,
            datetime.time(self.rng.randint(7, 18), self.rng.randrange(60)),
            tzinfo=datetime.UTC,
        )

    def language_of(self, region: str) -> str:
        languages, weights = REGION_LANGUAGES[region]
        return self.pick(languages, weights)

    def topic(self) -> tuple[int, tuple[str, str, str, str]]:
        index = self.rng.randrange(len(TOPICS))
        return index, TOPICS[index]

    def paragraph(self, language: str, topic: str, sentences: int) -> str:
        chosen = self.sample(SENTENCES[language], sentences, sentences)
        return " ".join(sentence.format(topic=topic) for sentence in chosen)

    # -- organizations and cities

    def make_organizations(self) -> None:
        kinds = list(ORGANIZATION_KIND_WEIGHTS)
        weights = list(ORGANIZATION_KIND_WEIGHTS.values())
        northern = [country for country in self.countries if not country.global_south]
        rows = []
        for index in range(self.size.organizations):
            kind = self.pick(kinds, weights)
            if kind == OrganizationKind.INTERNATIONAL:
                country = None
            elif kind == OrganizationKind.DONOR:
                country = self.pick(northern)
            else:
                country = self.pick(self.countries)
            words = self.pick(ORGANIZATION_WORDS[kind])
            name = f"{words} of {country.name}" if country else f"{words} {index + 1}"
            acronym = "".join(word[0] for word in name.split() if word[0].isupper())[:10]
            rows.append(
                Organization(
                    slug=f"{SLUG_PREFIX}org-{index + 1:05d}-{slugify(name)}"[:100],
                    name=name,
                    acronym=acronym,
                    kind=kind,
                    country=country,
                    description=f"{name}: a partner of peer learning on decent work.",
                    website=f"https://org-{index + 1}.example.org/",
                )
            )
        self.organizations = self.writer.create("organizations", Organization, rows)

    def make_cities(self) -> None:
        regions = list(Region.values)
        by_region: dict[str, list[Country]] = {region: [] for region in regions}
        for country in self.countries:
            by_region[country.region].append(country)
        # A few countries hold many cities, as in the real network.
        country_weights = {
            region: [self.rng.choice((1, 1, 1, 2, 3, 8)) for _ in countries]
            for region, countries in by_region.items()
        }
        classes = list(POPULATION_CLASS_WEIGHTS)
        class_weights = list(POPULATION_CLASS_WEIGHTS.values())
        networks = [
            org
            for org in self.organizations
            if org.kind == OrganizationKind.LOCAL_GOVERNMENT_ASSOCIATION
        ]
        rows, sector_pairs, network_pairs, names = [], [], [], []
        for index in range(self.size.cities):
            # The first cities cover every region and every population class.
            region = regions[index] if index < len(regions) else self.pick(regions)
            klass = classes[index] if index < len(classes) else self.pick(classes, class_weights)
            country = self.pick(by_region[region], country_weights[region])
            name = self.city_name(region)
            low, high = POPULATION_CLASS_BOUNDS[klass]
            population = int(
                low + (min(high or 20_000_000, 20_000_000) - low) * self.rng.random() ** 2
            )
            (lat_low, lat_high), (lng_low, lng_high) = REGION_BOXES[region]
            sectors = self.sample(self.sectors, 2, 4)
            language = self.language_of(region)
            description = CITY_SENTENCES[language].format(
                city=name,
                country=country.name,
                sectors=", ".join(sector.name.lower() for sector in sectors),
            )
            rows.append(
                City(
                    slug=f"{SLUG_PREFIX}{slugify(name)}-{index + 1:05d}"[:100],
                    name=name,
                    country=country,
                    population=max(population, 1_000),
                    population_year=self.rng.randint(2010, 2023),
                    latitude=Decimal(f"{self.rng.uniform(lat_low, lat_high):.6f}"),
                    longitude=Decimal(f"{self.rng.uniform(lng_low, lng_high):.6f}"),
                    description=description,
                    website=f"https://city-{index + 1}.example.org/",
                )
            )
            names.append((name, region, country))
            sector_pairs.append([sector.pk for sector in sectors])
            network_pairs.append(
                [org.pk for org in self.sample(networks, 0, 2)] if networks else []
            )
        created = self.writer.create("cities", City, rows)
        through_sectors, through_networks = City.sectors.through, City.networks.through
        self.writer.link(
            "city sectors",
            through_sectors,
            [
                {"city_id": city.pk, "sector_id": sector}
                for city, sectors in zip(created, sector_pairs, strict=True)
                for sector in sectors
            ],
        )
        self.writer.link(
            "city networks",
            through_networks,
            [
                {"city_id": city.pk, "organization_id": org}
                for city, orgs in zip(created, network_pairs, strict=True)
                for org in orgs
            ],
        )
        for city, (name, region, country) in zip(created, names, strict=True):
            row = _CityRow(
                pk=city.pk,
                name=name,
                region=region,
                country_code=country.code,
                global_south=country.global_south,
            )
            self.cities.append(row)
            self.cities_by_region.setdefault(region, []).append(row)

    def city_name(self, region: str) -> str:
        prefixes, roots, endings = NAME_PARTS[region]
        root = self.pick(roots)
        if self.rng.random() < 0.3:
            root += self.pick(roots).lower()
        return f"{self.pick(prefixes)}{root}{self.pick(endings)}"

    def make_partnerships(self) -> None:
        rows, city_sets, supporter_sets = [], [], []
        for index in range(self.size.partnerships):
            cities = self.sample(self.cities, 2, 3)
            start = self.day_between(datetime.date(2000, 1, 1), self.today)
            status = self.pick(list(PartnershipStatus.values), [1, 1, 5, 2])
            end = (
                self.day_between(start, min(start + datetime.timedelta(days=3650), self.today))
                if status == PartnershipStatus.ENDED
                else None
            )
            _topic_index, topic = self.topic()
            name = " - ".join(city.name for city in cities)
            rows.append(
                Partnership(
                    slug=f"{SLUG_PREFIX}partnership-{index + 1:05d}",
                    name=f"{name} ({topic[0]})"[:200],
                    kind=self.pick(list(PartnershipKind.values)),
                    status=status,
                    start_date=start,
                    end_date=end,
                    themes=[topic[0]],
                    description=f"A standing agreement on {topic[0]} between {name}.",
                )
            )
            city_sets.append([city.pk for city in cities])
            supporter_sets.append([org.pk for org in self.sample(self.organizations, 0, 1)])
        created = self.writer.create("partnerships", Partnership, rows)
        self.writer.link(
            "partnership cities",
            Partnership.cities.through,
            [
                {"partnership_id": partnership.pk, "city_id": city}
                for partnership, cities in zip(created, city_sets, strict=True)
                for city in cities
            ],
        )
        self.writer.link(
            "partnership supporters",
            Partnership.supporters.through,
            [
                {"partnership_id": partnership.pk, "organization_id": org}
                for partnership, orgs in zip(created, supporter_sets, strict=True)
                for org in orgs
            ],
        )

    # -- events

    def event_status(self, start: datetime.date, end: datetime.date) -> str:
        if end < self.today:
            return EventStatus.HELD if self.rng.random() < 0.92 else EventStatus.CANCELLED
        if start <= self.today:
            return EventStatus.OPEN
        return self.pick([EventStatus.PLANNED, EventStatus.OPEN, EventStatus.CANCELLED], [14, 5, 1])

    def make_events(self) -> None:
        kinds = list(EventKind.values)
        kind_labels = dict(EventKind.choices)
        roles = list(PARTICIPANT_ROLE_WEIGHTS)
        role_weights = list(PARTICIPANT_ROLE_WEIGHTS.values())
        outside = {
            org.pk: org.kind in OUTSIDE_KINDS
            or (org.country is not None and not org.country.global_south)
            for org in self.organizations
        }
        first_day = datetime.date(2008, 1, 1)
        last_day = self.today + datetime.timedelta(days=540)
        rows, participants, organizers, supporters = [], [], [], []
        pillar_sets, sdg_sets, sector_sets, meta = [], [], [], []
        sdg_numbers, sdg_weights = list(SDG_WEIGHTS), list(SDG_WEIGHTS.values())
        sdg_by_number = {sdg.number: sdg for sdg in self.sdgs}
        for index in range(self.size.events):
            host = self.pick(self.cities)
            # Most peers come from the host's region; some from anywhere.
            neighbours = self.cities_by_region[host.region]
            joined: dict[int, _CityRow] = {}
            wanted = min(self.rng.randint(2, 6), len(self.cities) - 1)
            for _ in range(wanted * 10):  # bounded: small networks repeat picks
                if len(joined) >= wanted:
                    break
                pool = neighbours if self.rng.random() < 0.6 else self.cities
                city = self.pick(pool)
                if city.pk != host.pk:
                    joined[city.pk] = city
            start = self.day_between(first_day, last_day)
            end = start + datetime.timedelta(days=self.rng.choice((0, 1, 2, 2, 3, 4)))
            status = self.event_status(start, end)
            kind = self.pick(kinds)
            language = self.language_of(host.region)
            _topic_index, topic = self.topic()
            topic_text = topic[LANGUAGES.index(language)]
            event_organizers = self.sample(self.organizations, 1, 2)
            event_supporters = [
                org for org in self.sample(self.organizations, 0, 2) if org not in event_organizers
            ]
            organization_pks = [org.pk for org in event_organizers + event_supporters]
            modality = modality_for(
                cities_in_south=[host.global_south, *(c.global_south for c in joined.values())],
                organizations_outside=[outside[pk] for pk in organization_pks],
            )
            takes_registrations = status == EventStatus.OPEN
            capacity = self.rng.randint(20, 200) if takes_registrations else None
            deadline = (
                min(start - datetime.timedelta(days=self.rng.randint(0, 20)), end)
                if takes_registrations
                else None
            )
            held = status == EventStatus.HELD
            rows.append(
                Event(
                    slug=f"{SLUG_PREFIX}event-{index + 1:06d}-{slugify(host.name)}"[:120],
                    title=EVENT_TITLES[language].format(
                        kind=kind_labels[kind], topic=topic_text, city=host.name
                    )[:250],
                    kind=kind,
                    host_city_id=host.pk,
                    venue=f"{host.name} City Hall",
                    start_date=start,
                    end_date=end,
                    status=status,
                    modality=modality,
                    summary=self.paragraph(language, topic_text, 2),
                    objectives=self.paragraph(language, topic_text, 1),
                    outcomes=self.paragraph(language, topic_text, 2) if held else "",
                    report_url=f"https://reports.example.org/{index + 1}.pdf" if held else "",
                    capacity=capacity,
                    registration_deadline=deadline,
                )
            )
            entries = []
            if self.rng.random() < 0.7:
                entries.append((host.pk, ParticipationRole.HOST))
            entries += [(pk, self.pick(roles, role_weights)) for pk in joined]
            participants.append(entries)
            organizers.append([org.pk for org in event_organizers])
            supporters.append([org.pk for org in event_supporters])
            pillar_sets.append([p.pk for p in self.sample(self.pillars, 1, 3)])
            numbers = {self.pick(sdg_numbers, sdg_weights) for _ in range(self.rng.randint(1, 4))}
            sdg_sets.append([sdg_by_number[number].pk for number in sorted(numbers)])
            sector_sets.append([s.pk for s in self.sample(self.sectors, 1, 3)])
            meta.append((start, end, status, [host.pk, *joined], organization_pks))
        created = self.writer.create("events", Event, rows)
        self.writer.create(
            "participations",
            Participation,
            [
                Participation(
                    event_id=event.pk,
                    city_id=city,
                    role=role,
                    delegation_size=self.rng.randint(1, 15),
                )
                for event, entries in zip(created, participants, strict=True)
                for city, role in entries
            ],
        )
        for step, through, field_name, sets in (
            ("event organizers", Event.organizers.through, "organization_id", organizers),
            ("event supporters", Event.supporters.through, "organization_id", supporters),
            ("event pillars", Event.pillars.through, "pillar_id", pillar_sets),
            ("event SDGs", Event.sdgs.through, "sdg_id", sdg_sets),
            ("event sectors", Event.sectors.through, "sector_id", sector_sets),
        ):
            self.writer.link(
                step,
                through,
                [
                    {"event_id": event.pk, field_name: value}
                    for event, values in zip(created, sets, strict=True)
                    for value in values
                ],
            )
        for number, (event, (start, end, status, city_pks, org_pks)) in enumerate(
            zip(created, meta, strict=True), start=1
        ):
            row = _EventRow(event.pk, start, end, status, city_pks, org_pks)
            self.events.append(row)
            if status == EventStatus.HELD:
                self.held_events.append(row)
            if event.capacity is not None:
                self.open_events.append(
                    (
                        number,
                        event.pk,
                        event.capacity,
                        event.registration_deadline,
                        start,
                        event.host_city_id,
                    )
                )
        # Practices and roadmaps look up later events by date.
        self.held_events.sort(key=lambda row: (row.start_date, row.pk))

    def make_registrations(self) -> None:
        roles = list(RegistrantRole.values)
        rows = []
        for event_number, pk, capacity, deadline, start, host in self.open_events:
            confirmed = 0
            for number in range(self.rng.randint(0, 12)):
                if confirmed < capacity:
                    status = self.pick(
                        [RegistrationStatus.CONFIRMED, RegistrationStatus.PENDING], [4, 1]
                    )
                else:
                    status = RegistrationStatus.WAITLISTED
                confirmed += status == RegistrationStatus.CONFIRMED
                registered = self.moment(
                    min(deadline or start, self.today) - datetime.timedelta(days=number)
                )
                rows.append(
                    Registration(
                        event_id=pk,
                        name=f"Delegate {event_number}-{number + 1}",
                        email=f"delegate-{event_number}-{number + 1}@example.org",
                        city_id=host if self.rng.random() < 0.5 else self.pick(self.cities).pk,
                        role=self.pick(roles),
                        status=status,
                        consented_at=registered,
                        created_at=registered,
                    )
                )
        self.writer.create("registrations", Registration, rows)

    def make_roadmaps(self) -> None:
        if not self.held_events:
            return
        count = min(self.size.roadmaps, len(self.held_events))
        chosen = sorted(self.rng.sample(self.held_events, count), key=lambda row: row.pk)
        rows, signatories, organizations = [], [], []
        for index, event in enumerate(chosen):
            rows.append(
                Roadmap(
                    slug=f"{SLUG_PREFIX}roadmap-{index + 1:05d}",
                    title=f"Roadmap {index + 1} for decent work in peer cities",
                    event_id=event.pk,
                    adopted_on=event.end_date,
                    summary="Commitments adopted by the participating cities and partners.",
                )
            )
            signatories.append(event.city_pks[:6])
            organizations.append(event.organization_pks)
        created = self.writer.create("roadmaps", Roadmap, rows)
        self.writer.link(
            "roadmap signatory cities",
            Roadmap.signatory_cities.through,
            [
                {"roadmap_id": roadmap.pk, "city_id": city}
                for roadmap, cities in zip(created, signatories, strict=True)
                for city in cities
            ],
        )
        self.writer.link(
            "roadmap signatory organizations",
            Roadmap.signatory_organizations.through,
            [
                {"roadmap_id": roadmap.pk, "organization_id": org}
                for roadmap, orgs in zip(created, organizations, strict=True)
                for org in orgs
            ],
        )
        commitments, plans = [], []
        for roadmap, event in zip(created, chosen, strict=True):
            for number in range(1, self.rng.randint(3, 7) + 1):
                _topic_index, topic = self.topic()
                commitments.append(
                    Commitment(
                        roadmap_id=roadmap.pk,
                        number=number,
                        text=f"Promote {topic[0]} through peer learning between cities.",
                        sub_points=[f"Share methods on {topic[0]}.", "Report on progress."],
                    )
                )
            plans.append((roadmap, event))
        created_commitments = self.writer.create("commitments", Commitment, commitments)
        by_roadmap: dict[int, list[int]] = {}
        for commitment in created_commitments:
            by_roadmap.setdefault(commitment.roadmap_id, []).append(commitment.pk)
        actions, responsible = [], []
        starts = [row.start_date for row in self.held_events]
        for roadmap, event in plans:
            for position in range(self.rng.randint(3, 8)):
                due = event.end_date + datetime.timedelta(days=self.rng.randint(90, 900))
                if due < self.today:
                    status = self.pick(list(ActionStatus.values), [1, 2, 5, 1])
                else:
                    status = self.pick(list(ActionStatus.values), [5, 3, 1, 0])
                carried_out_by = None
                if status == ActionStatus.DONE:
                    later = self._first_index_after(starts, event.end_date)
                    if later < len(self.held_events) and self.rng.random() < 0.5:
                        carried_out_by = self.pick(self.held_events[later : later + 50]).pk
                _topic_index, topic = self.topic()
                actions.append(
                    Action(
                        roadmap_id=roadmap.pk,
                        commitment_id=self.pick(by_roadmap[roadmap.pk]),
                        title=f"Peer exchange on {topic[0]}",
                        description=f"Organize a study visit on {topic[0]}.",
                        due_date=due,
                        status=status,
                        carried_out_by_id=carried_out_by,
                        position=position,
                    )
                )
                responsible.append(self.sample(event.city_pks, 1, 2))
        created_actions = self.writer.create("actions", Action, actions)
        self.writer.link(
            "action responsible cities",
            Action.responsible_cities.through,
            [
                {"action_id": action.pk, "city_id": city}
                for action, cities in zip(created_actions, responsible, strict=True)
                for city in cities
            ],
        )

    @staticmethod
    def _first_index_after(days: list[datetime.date], day: datetime.date) -> int:
        """The index of the first date after `day` in the sorted `days` (bisect)."""
        low, high = 0, len(days)
        while low < high:
            middle = (low + high) // 2
            if days[middle] <= day:
                low = middle + 1
            else:
                high = middle
        return low

    # -- practices

    def make_practices(self) -> None:
        statuses = list(PRACTICE_STATUS_WEIGHTS)
        status_weights = list(PRACTICE_STATUS_WEIGHTS.values())
        sdg_numbers, sdg_weights = list(SDG_WEIGHTS), list(SDG_WEIGHTS.values())
        sdg_by_number = {sdg.number: sdg for sdg in self.sdgs}
        first_publication = datetime.date(2012, 1, 1)
        rows, links = [], []
        for index in range(self.size.practices):
            city = self.pick(self.cities) if self.rng.random() < 0.85 else None
            region = city.region if city else self.pick(list(Region.values))
            language = self.language_of(region)
            _topic_index, topic = self.topic()
            topic_text = topic[LANGUAGES.index(language)]
            place = city.name if city else self.pick(self.countries).name
            title = self.pick(PRACTICE_TITLES[language]).format(city=place, topic=topic_text)
            if city:
                countries = [city.country_code]
                if self.rng.random() < 0.2:
                    extra = self.pick(self.countries).code
                    if extra != city.country_code:
                        countries.append(extra)
            else:
                countries = [c.code for c in self.sample(self.countries, 1, 3)]
            start_year = self.rng.randint(1998, self.today.year)
            end_year = (
                None
                if self.rng.random() < 0.4
                else min(start_year + self.rng.randint(0, 8), self.today.year + 3)
            )
            status = self.pick(statuses, status_weights)
            published_at = verified_on = None
            if status == PracticeStatus.PUBLISHED:
                published = self.day_between(first_publication, self.today)
                published_at = self.moment(published)
                verified_on = published
                # Most older practices were verified again since; the rest are stale.
                if (self.today - published).days > 730 and self.rng.random() < 0.75:
                    verified_on = self.day_between(
                        self.today - datetime.timedelta(days=700), self.today
                    )
            summary = self.paragraph(language, topic_text, 2)
            description = (
                f"## {title}\n\n{self.paragraph(language, topic_text, 3)}\n\n"
                f"- {self.paragraph(language, topic_text, 1)}\n"
                f"- {self.paragraph(language, topic_text, 1)}\n"
            )
            rows.append(
                Practice(
                    slug=f"{SLUG_PREFIX}practice-{index + 1:06d}",
                    title=title[:250],
                    summary=summary,
                    description=description,
                    city_id=city.pk if city else None,
                    start_year=start_year,
                    end_year=end_year,
                    source_url=f"https://practices.example.org/{index + 1}",
                    status=status,
                    published_at=published_at,
                    verified_on=verified_on,
                    reviewer_comment=(
                        "Please add measured results."
                        if status in (PracticeStatus.CHANGES_REQUESTED, PracticeStatus.REJECTED)
                        else ""
                    ),
                )
            )
            numbers = {self.pick(sdg_numbers, sdg_weights) for _ in range(self.rng.randint(2, 4))}
            links.append(
                {
                    "countries": countries,
                    "organizations": [o.pk for o in self.sample(self.organizations, 0, 3)],
                    "pillars": [p.pk for p in self.sample(self.pillars, 1, 3)],
                    "sdgs": [sdg_by_number[number].pk for number in sorted(numbers)],
                    "sectors": [s.pk for s in self.sample(self.sectors, 1, 3)],
                    "criteria": [c.pk for c in self.sample(self.criteria, 1, 3)],
                    "events": (
                        [e.pk for e in self.sample(self.held_events, 0, 2)]
                        if self.held_events
                        else []
                    ),
                    "results": self.results(),
                }
            )
        created = self.writer.create("practices", Practice, rows)
        for step, name, column in (
            ("practice countries", "countries", "country_id"),
            ("practice organizations", "organizations", "organization_id"),
            ("practice pillars", "pillars", "pillar_id"),
            ("practice SDGs", "sdgs", "sdg_id"),
            ("practice sectors", "sectors", "sector_id"),
            ("practice criteria", "criteria", "criterion_id"),
            ("practice events", "events", "event_id"),
        ):
            self.writer.link(
                step,
                getattr(Practice, name).through,
                [
                    {"practice_id": practice.pk, column: value}
                    for practice, link in zip(created, links, strict=True)
                    for value in link[name]
                ],
            )
        self.writer.create(
            "results",
            Result,
            [
                Result(practice_id=practice.pk, position=position, **values)
                for practice, link in zip(created, links, strict=True)
                for position, values in enumerate(link["results"])
            ],
        )
        self.published_practices = [
            (practice.pk, practice.city_id, practice.start_year)
            for practice in created
            if practice.status == PracticeStatus.PUBLISHED
        ]

    def results(self) -> list[dict[str, Any]]:
        results = []
        for indicator, unit in self.sample(INDICATORS, 2, 4):
            before = self.rng.randint(0, 500)
            after = before + self.rng.randint(-20, 2000)
            results.append(
                {
                    "indicator": indicator,
                    "unit": unit,
                    # Some baselines were never measured; the after value always was.
                    "value_before": Decimal(before) if self.rng.random() < 0.85 else None,
                    "value_after": Decimal(max(after, 0)),
                }
            )
        return results

    def make_adoptions(self) -> None:
        if not self.published_practices:
            return
        stages = list(AdoptionStage.values)
        seen: set[tuple[int, int]] = set()
        rows = []
        attempts = 0
        while len(rows) < self.size.adoptions and attempts < self.size.adoptions * 3:
            attempts += 1
            practice, practice_city, start_year = self.pick(self.published_practices)
            city = self.pick(self.cities)
            if city.pk == practice_city or (practice, city.pk) in seen:
                continue
            seen.add((practice, city.pk))
            event = self.pick(self.held_events).pk if self.rng.random() < 0.4 else None
            rows.append(
                Adoption(
                    practice_id=practice,
                    city_id=city.pk,
                    stage=self.pick(stages, [3, 3, 3, 1]),
                    year=self.rng.randint(start_year or 2000, self.today.year),
                    event_id=event,
                    notes="Learned from a peer city during an exchange.",
                )
            )
        self.writer.create("adoptions", Adoption, rows)


def describe_size(size: NetworkSize) -> str:
    return (
        f"{size.cities} cities, {size.organizations} organizations, "
        f"{size.partnerships} partnerships, {size.events} events, "
        f"{size.roadmaps} roadmaps, {size.practices} practices, {size.adoptions} adoptions"
    )
