"""The dashboard at `/dashboard/`: the network in figures.

`dashboard_data()` gathers every figure in a constant number of queries; the page
renders them as tables (for screen readers and without JavaScript) and
`static/js/dashboard.js` draws them as charts from `/dashboard/data.json`.
"""

from collections import defaultdict

from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce, ExtractYear
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from base.models import SDG, Pillar
from cities.models import City, Region
from exchanges.models import Event, Roadmap
from exchanges.reporting import Light
from exchanges.rules import Modality
from exchanges.selectors import lights_tally
from practices.models import AdoptionStage, Practice, PracticeStatus

# The number of shades of the SDG x pillar matrix's cells (heat-0 to heat-4).
HEAT_LEVELS = 4

# How many practices the "most taken up" chart shows.
TAKEN_UP_LIMIT = 10

# The colours of the charts: modalities, pillars, regions, adoption stages.
MODALITY_COLOURS = {
    Modality.SOUTH_SOUTH: "#1b7f3b",
    Modality.TRIANGULAR: "#d9822b",
    Modality.NORTH_SOUTH: "#0b4f8a",
    Modality.NORTH_NORTH: "#7a5195",
    Modality.MULTILATERAL: "#5f6b7a",
}
PILLAR_COLOURS = {
    "employment": "#0b4f8a",
    "social-protection": "#1b7f3b",
    "social-dialogue": "#d9822b",
    "rights-at-work": "#b5293b",
}
REGION_COLOURS = {
    Region.AFRICA: "#d9822b",
    Region.AMERICAS: "#1b7f3b",
    Region.ARAB_STATES: "#b5293b",
    Region.ASIA_PACIFIC: "#0b4f8a",
    Region.EUROPE_CENTRAL_ASIA: "#7a5195",
}
ADOPTION_STAGE_COLOURS = {
    AdoptionStage.INTERESTED: "#b9cde5",
    AdoptionStage.STUDYING: "#7fa7d1",
    AdoptionStage.ADAPTING: "#d9822b",
    AdoptionStage.PILOTING: "#b8860b",
    AdoptionStage.SUSTAINED: "#1b7f3b",
    AdoptionStage.ABANDONED: "#9aa3ad",
}


def _exchanges_by_year() -> dict:
    rows = (
        Event.objects.of_record()
        .annotate(year=ExtractYear("start_date"))
        .values("year", "modality")
        .annotate(count=Count("pk"))
        .order_by("year")
    )
    counts: dict[tuple[int, str], int] = {}
    years: list[int] = []
    for row in rows:
        counts[(row["year"], row["modality"])] = row["count"]
        if row["year"] not in years:
            years.append(row["year"])
    if years:
        years = list(range(min(years), max(years) + 1))
    series = [
        {
            "key": modality.value,
            "label": str(modality.label),
            "colour": MODALITY_COLOURS[modality],
            "counts": [counts.get((year, modality.value), 0) for year in years],
        }
        for modality in Modality
    ]
    rows = [
        {"year": year, "counts": [s["counts"][i] for s in series], "total": 0}
        for i, year in enumerate(years)
    ]
    for row in rows:
        row["total"] = sum(row["counts"])
    return {"years": years, "series": series, "rows": rows}


def _practices_by_pillar_and_sdg(pillars: list[Pillar], sdgs: list[SDG]) -> dict:
    published = Q(practices__status=PracticeStatus.PUBLISHED)
    by_pillar = dict(
        Pillar.objects.annotate(count=Count("practices", filter=published)).values_list(
            "slug", "count"
        )
    )
    by_sdg = dict(
        SDG.objects.annotate(count=Count("practices", filter=published)).values_list(
            "number", "count"
        )
    )
    matrix: dict[tuple[int, str], int] = defaultdict(int)
    for row in (
        Practice.objects.published()
        .filter(sdgs__isnull=False, pillars__isnull=False)
        .values("sdgs__number", "pillars__slug")
        .annotate(count=Count("pk", distinct=True))
    ):
        matrix[(row["sdgs__number"], row["pillars__slug"])] = row["count"]
    highest = max(matrix.values(), default=0)

    def heat(count: int) -> int:
        return 0 if not count else max(1, round(HEAT_LEVELS * count / highest))

    return {
        "pillars": [
            {
                "key": pillar.slug,
                # str(): the name in the reader's language (base.reference), for JSON.
                "label": str(pillar.short_name),
                "colour": PILLAR_COLOURS.get(pillar.slug, "#555555"),
                "count": by_pillar.get(pillar.slug, 0),
            }
            for pillar in pillars
        ],
        "sdgs": [
            {
                "key": sdg.number,
                "label": str(sdg.name),
                "colour": sdg.colour,
                "count": by_sdg.get(sdg.number, 0),
            }
            for sdg in sdgs
        ],
        "matrix": [
            {
                "sdg": sdg.number,
                # The chart's axis label ("SDG 8", "ODD 8"): built here, where it translates.
                "tag": f"{_('SDG')} {sdg.number}",
                "label": str(sdg.name),
                "count": by_sdg.get(sdg.number, 0),
                "cells": [
                    {
                        "pillar": pillar.slug,
                        "count": matrix[(sdg.number, pillar.slug)],
                        "heat": heat(matrix[(sdg.number, pillar.slug)]),
                    }
                    for pillar in pillars
                ],
            }
            for sdg in sdgs
        ],
    }


def _regions() -> list[dict]:
    cities = dict(
        City.objects.values("country__region")
        .annotate(count=Count("pk"))
        .values_list("country__region", "count")
    )
    events = dict(
        Event.objects.of_record()
        .values("host_city__country__region")
        .annotate(count=Count("pk"))
        .values_list("host_city__country__region", "count")
    )
    # A practice counts in its city's region, or else in its countries' regions.
    practices = dict(
        Practice.objects.published()
        .annotate(region=Coalesce(F("city__country__region"), F("countries__region")))
        .values("region")
        .annotate(count=Count("pk", distinct=True))
        .values_list("region", "count")
    )
    return [
        {
            "key": region.value,
            "label": str(region.label),
            "colour": REGION_COLOURS[region],
            "cities": cities.get(region.value, 0),
            "events": events.get(region.value, 0),
            "practices": practices.get(region.value, 0),
        }
        for region in Region
    ]


def _roadmaps() -> list[dict]:
    roadmaps = []
    for roadmap in Roadmap.objects.with_progress().order_by("-adopted_on", "title"):
        progress = roadmap.progress
        roadmaps.append(
            {
                "key": roadmap.slug,
                "label": roadmap.title,
                "url": roadmap.get_absolute_url(),
                "done": roadmap.actions_done,
                "total": roadmap.actions_total,
                "progress": None if progress is None else round(progress * 100),
            }
        )
    return roadmaps


def _practices_taken_up() -> dict:
    """The published practices the most cities took up, with their adoptions by stage."""
    stages = list(AdoptionStage)
    practices = (
        Practice.objects.published()
        .annotate(
            adoptions_total=Count("adoptions"),
            **{
                f"adoptions_{stage.value}": Count("adoptions", filter=Q(adoptions__stage=stage))
                for stage in stages
            },
        )
        .filter(adoptions_total__gt=0)
        .select_related("city")
        .order_by("-adoptions_total", "title", "pk")[:TAKEN_UP_LIMIT]
    )
    return {
        "stages": [
            {
                "key": stage.value,
                "label": str(stage.label),
                "colour": ADOPTION_STAGE_COLOURS[stage],
            }
            for stage in stages
        ],
        "rows": [
            {
                "key": practice.slug,
                "label": practice.title,
                "url": practice.get_absolute_url(),
                "city": practice.city.name if practice.city else "",
                "counts": [getattr(practice, f"adoptions_{stage.value}") for stage in stages],
                "total": practice.adoptions_total,
            }
            for practice in practices
        ],
    }


def dashboard_data() -> dict:
    """Every figure of the dashboard, ready for JSON, in a constant number of queries."""
    pillars = list(Pillar.objects.order_by("position"))
    sdgs = list(SDG.objects.order_by("number"))
    tags = _practices_by_pillar_and_sdg(pillars, sdgs)
    return {
        "labels": {
            "exchanges": _("Exchanges"),
            "cities": _("Cities"),
            "practices": _("Good practices"),
            "progress": _("Actions done (%)"),
            "year": _("Year"),
            "adoptions": _("Cities that took it up"),
        },
        "exchanges_by_year": _exchanges_by_year(),
        "practices_by_pillar": tags["pillars"],
        "practices_by_sdg": tags["sdgs"],
        "sdg_pillar_matrix": tags["matrix"],
        "regions": _regions(),
        "roadmaps": _roadmaps(),
        "practices_taken_up": _practices_taken_up(),
        "reporting_lights": _reporting_lights(),
    }


def _reporting_lights() -> list[dict]:
    """How many scheduled roadmap commitments and actions show each reporting light."""
    tally = lights_tally()
    return [
        {"light": light.value, "label": str(light.label), "count": tally[light]} for light in Light
    ]


def dashboard(request):
    return render(request, "portal/dashboard.html", {"data": dashboard_data()})


def dashboard_json(request):
    return JsonResponse(dashboard_data(), json_dumps_params={"ensure_ascii": False})
