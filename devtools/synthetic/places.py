"""Organizations, cities (with their sectors and networks) and partnerships."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils.text import slugify

from cities.models import (
    City,
    Country,
    Organization,
    OrganizationKind,
    Partnership,
    PartnershipKind,
    PartnershipStatus,
    Region,
)
from cities.rules import POPULATION_CLASS_BOUNDS

from .generation import CityRow, Generation
from .shape import (
    ORGANIZATION_KIND_WEIGHTS,
    POPULATION_CLASS_WEIGHTS,
    REGION_BOXES,
    SLUG_PREFIX,
)
from .words import WORDS


def make_organizations(gen: Generation) -> None:
    kinds = list(ORGANIZATION_KIND_WEIGHTS)
    weights = list(ORGANIZATION_KIND_WEIGHTS.values())
    northern = [country for country in gen.countries if not country.global_south]
    rows = []
    for index in range(gen.size.organizations):
        kind = gen.pick(kinds, weights)
        if kind == OrganizationKind.INTERNATIONAL:
            country = None
        elif kind == OrganizationKind.DONOR:
            country = gen.pick(northern)
        else:
            country = gen.pick(gen.countries)
        words = gen.pick(WORDS.organization_words[kind])
        name = f"{words} of {country.name}" if country else f"{words} {index + 1}"
        acronym = "".join(word[0] for word in name.split() if word[0].isupper())[:10]
        rows.append(
            Organization(
                slug=f"{SLUG_PREFIX}org-{index + 1:05d}-{slugify(name)}"[:100],
                name=name,
                acronym=acronym,
                kind=kind,
                country=country,
                multilateral=kind == OrganizationKind.INTERNATIONAL,
                description=f"{name}: a partner of peer learning on decent work.",
                website=f"https://org-{index + 1}.example.org/",
            )
        )
    gen.organizations = gen.writer.create("organizations", Organization, rows)


def make_cities(gen: Generation) -> None:
    regions = list(Region.values)
    by_region: dict[str, list[Country]] = {region: [] for region in regions}
    for country in gen.countries:
        by_region[country.region].append(country)
    # A few countries hold many cities, as in the real network.
    country_weights = {
        region: [gen.rng.choice((1, 1, 1, 2, 3, 8)) for _ in countries]
        for region, countries in by_region.items()
    }
    classes = list(POPULATION_CLASS_WEIGHTS)
    class_weights = list(POPULATION_CLASS_WEIGHTS.values())
    networks = [
        org
        for org in gen.organizations
        if org.kind == OrganizationKind.LOCAL_GOVERNMENT_ASSOCIATION
    ]
    rows, sector_pairs, network_pairs, names = [], [], [], []
    for index in range(gen.size.cities):
        # The first cities cover every region and every population class.
        region = regions[index] if index < len(regions) else gen.pick(regions)
        klass = classes[index] if index < len(classes) else gen.pick(classes, class_weights)
        country = gen.pick(by_region[region], country_weights[region])
        name = city_name(gen, region)
        low, high = POPULATION_CLASS_BOUNDS[klass]
        population = int(low + (min(high or 20_000_000, 20_000_000) - low) * gen.rng.random() ** 2)
        (lat_low, lat_high), (lng_low, lng_high) = REGION_BOXES[region]
        sectors = gen.sample(gen.sectors, 2, 4)
        language = gen.language_of(region)
        description = WORDS.city_descriptions[language].format(
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
                population_year=gen.rng.randint(2010, 2023),
                latitude=Decimal(f"{gen.rng.uniform(lat_low, lat_high):.6f}"),
                longitude=Decimal(f"{gen.rng.uniform(lng_low, lng_high):.6f}"),
                description=description,
                website=f"https://city-{index + 1}.example.org/",
            )
        )
        names.append((name, region, country))
        sector_pairs.append([sector.pk for sector in sectors])
        network_pairs.append([org.pk for org in gen.sample(networks, 0, 2)] if networks else [])
    created = gen.writer.create("cities", City, rows)
    gen.writer.link(
        "city sectors",
        City.sectors.through,
        [
            {"city_id": city.pk, "sector_id": sector}
            for city, sectors in zip(created, sector_pairs, strict=True)
            for sector in sectors
        ],
    )
    gen.writer.link(
        "city networks",
        City.networks.through,
        [
            {"city_id": city.pk, "organization_id": org}
            for city, orgs in zip(created, network_pairs, strict=True)
            for org in orgs
        ],
    )
    for city, (name, region, country) in zip(created, names, strict=True):
        row = CityRow(
            pk=city.pk,
            name=name,
            region=region,
            country_code=country.code,
            global_south=country.global_south,
        )
        gen.cities.append(row)
        gen.cities_by_region.setdefault(region, []).append(row)


def city_name(gen: Generation, region: str) -> str:
    prefixes, roots, endings = WORDS.name_parts[region]
    root = gen.pick(roots)
    if gen.rng.random() < 0.3:
        root += gen.pick(roots).lower()
    return f"{gen.pick(prefixes)}{root}{gen.pick(endings)}"


def make_partnerships(gen: Generation) -> None:
    rows, city_sets, supporter_sets = [], [], []
    for index in range(gen.size.partnerships):
        cities = gen.sample(gen.cities, 2, 3)
        start = gen.day_between(datetime.date(2000, 1, 1), gen.today)
        status = gen.pick(list(PartnershipStatus.values), [1, 1, 5, 2])
        end = (
            gen.day_between(start, min(start + datetime.timedelta(days=3650), gen.today))
            if status == PartnershipStatus.ENDED
            else None
        )
        topic = gen.topic()
        name = " - ".join(city.name for city in cities)
        rows.append(
            Partnership(
                slug=f"{SLUG_PREFIX}partnership-{index + 1:05d}",
                name=f"{name} ({topic[0]})"[:200],
                kind=gen.pick(list(PartnershipKind.values)),
                status=status,
                start_date=start,
                end_date=end,
                themes=[topic[0]],
                description=f"A standing agreement on {topic[0]} between {name}.",
            )
        )
        city_sets.append([city.pk for city in cities])
        supporter_sets.append([org.pk for org in gen.sample(gen.organizations, 0, 1)])
    created = gen.writer.create("partnerships", Partnership, rows)
    gen.writer.link(
        "partnership cities",
        Partnership.cities.through,
        [
            {"partnership_id": partnership.pk, "city_id": city}
            for partnership, cities in zip(created, city_sets, strict=True)
            for city in cities
        ],
    )
    gen.writer.link(
        "partnership supporters",
        Partnership.supporters.through,
        [
            {"partnership_id": partnership.pk, "organization_id": org}
            for partnership, orgs in zip(created, supporter_sets, strict=True)
            for org in orgs
        ],
    )
