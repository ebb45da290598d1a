"""Good practices (with their tags, linked events and measured results) and their
adoptions by other cities."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from cities.models import Region
from practices.models import Adoption, AdoptionStage, Practice, PracticeStatus, Result

from .generation import Generation, PublishedPractice
from .shape import PRACTICE_STATUS_WEIGHTS, SDG_WEIGHTS, SLUG_PREFIX
from .words import LANGUAGES, WORDS

# The many-to-many fields of a practice: (progress step, field, column of the link table).
PRACTICE_LINKS = (
    ("practice countries", "countries", "country_id"),
    ("practice organizations", "organizations", "organization_id"),
    ("practice pillars", "pillars", "pillar_id"),
    ("practice SDGs", "sdgs", "sdg_id"),
    ("practice sectors", "sectors", "sector_id"),
    ("practice criteria", "criteria", "criterion_id"),
    ("practice events", "events", "event_id"),
)


def make_practices(gen: Generation) -> None:
    statuses = list(PRACTICE_STATUS_WEIGHTS)
    status_weights = list(PRACTICE_STATUS_WEIGHTS.values())
    sdg_numbers, sdg_weights = list(SDG_WEIGHTS), list(SDG_WEIGHTS.values())
    sdg_by_number = {sdg.number: sdg for sdg in gen.sdgs}
    first_publication = datetime.date(2012, 1, 1)
    rows, links = [], []
    for index in range(gen.size.practices):
        city = gen.pick(gen.cities) if gen.rng.random() < 0.85 else None
        region = city.region if city else gen.pick(list(Region.values))
        language = gen.language_of(region)
        topic_text = gen.topic()[LANGUAGES.index(language)]
        place = city.name if city else gen.pick(gen.countries).name
        title = gen.pick(WORDS.practice_titles[language]).format(city=place, topic=topic_text)
        if city:
            countries = [city.country_code]
            if gen.rng.random() < 0.2:
                extra = gen.pick(gen.countries).code
                if extra != city.country_code:
                    countries.append(extra)
        else:
            countries = [c.code for c in gen.sample(gen.countries, 1, 3)]
        start_year = gen.rng.randint(1998, gen.today.year)
        end_year = (
            None
            if gen.rng.random() < 0.4
            else min(start_year + gen.rng.randint(0, 8), gen.today.year + 3)
        )
        status = gen.pick(statuses, status_weights)
        published_at = verified_on = None
        if status == PracticeStatus.PUBLISHED:
            published = gen.day_between(first_publication, gen.today)
            published_at = gen.moment(published)
            verified_on = published
            # Most older practices were verified again since; the rest are stale.
            if (gen.today - published).days > 730 and gen.rng.random() < 0.75:
                verified_on = gen.day_between(gen.today - datetime.timedelta(days=700), gen.today)
        summary = gen.paragraph(language, topic_text, 2)
        description = (
            f"## {title}\n\n{gen.paragraph(language, topic_text, 3)}\n\n"
            f"- {gen.paragraph(language, topic_text, 1)}\n"
            f"- {gen.paragraph(language, topic_text, 1)}\n"
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
        numbers = {gen.pick(sdg_numbers, sdg_weights) for _ in range(gen.rng.randint(2, 4))}
        links.append(
            {
                "countries": countries,
                "organizations": [o.pk for o in gen.sample(gen.organizations, 0, 3)],
                "pillars": [p.pk for p in gen.sample(gen.pillars, 1, 3)],
                "sdgs": [sdg_by_number[number].pk for number in sorted(numbers)],
                "sectors": [s.pk for s in gen.sample(gen.sectors, 1, 3)],
                "criteria": [c.pk for c in gen.sample(gen.criteria, 1, 3)],
                "events": (
                    [e.pk for e in gen.sample(gen.held_events, 0, 2)] if gen.held_events else []
                ),
                "results": results(gen),
            }
        )
    created = gen.writer.create("practices", Practice, rows)
    for step, name, column in PRACTICE_LINKS:
        gen.writer.link(
            step,
            getattr(Practice, name).through,
            [
                {"practice_id": practice.pk, column: value}
                for practice, link in zip(created, links, strict=True)
                for value in link[name]
            ],
        )
    gen.writer.create(
        "results",
        Result,
        [
            Result(practice_id=practice.pk, position=position, **values)
            for practice, link in zip(created, links, strict=True)
            for position, values in enumerate(link["results"])
        ],
    )
    gen.published_practices = [
        PublishedPractice(pk=practice.pk, city_pk=practice.city_id, start_year=practice.start_year)
        for practice in created
        if practice.status == PracticeStatus.PUBLISHED
    ]


def results(gen: Generation) -> list[dict[str, Any]]:
    """The measured results of one practice: two to four indicators."""
    chosen = []
    for indicator, unit in gen.sample(WORDS.indicators, 2, 4):
        before = gen.rng.randint(0, 500)
        after = before + gen.rng.randint(-20, 2000)
        chosen.append(
            {
                "indicator": indicator,
                "unit": unit,
                # Some baselines were never measured; the after value always was.
                "value_before": Decimal(before) if gen.rng.random() < 0.85 else None,
                "value_after": Decimal(max(after, 0)),
            }
        )
    return chosen


def make_adoptions(gen: Generation) -> None:
    if not gen.published_practices:
        return
    stages = list(AdoptionStage.values)
    seen: set[tuple[int, int]] = set()
    rows = []
    attempts = 0
    while len(rows) < gen.size.adoptions and attempts < gen.size.adoptions * 3:
        attempts += 1
        practice = gen.pick(gen.published_practices)
        city = gen.pick(gen.cities)
        if city.pk == practice.city_pk or (practice.pk, city.pk) in seen:
            continue
        seen.add((practice.pk, city.pk))
        event = gen.pick(gen.held_events) if gen.rng.random() < 0.4 else None
        # Not before the exchange it was learned at (Adoption.clean).
        first_year = max(practice.start_year or 2000, event.start_date.year if event else 0)
        rows.append(
            Adoption(
                practice_id=practice.pk,
                city_id=city.pk,
                # interested, studying, adapting, piloting, sustained, abandoned
                stage=gen.pick(stages, [2, 2, 3, 2, 2, 1]),
                year=gen.rng.randint(first_year, gen.today.year),
                event_id=event and event.pk,
                notes="Learned from a peer city during an exchange.",
            )
        )
    gen.writer.create("adoptions", Adoption, rows)
