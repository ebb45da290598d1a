"""The cooperation network at `/network/`: cities as nodes, exchanges, partnerships and
adoptions as edges, filtered by year and by Decent Work pillar (GET parameters, so a
filtered graph has a URL to share).

`network_graph()` builds the graph in a constant number of queries; the page holds it
as JSON (`json_script`) for `static/js/network.js` (Cytoscape), and as lists for screen
readers and browsers without JavaScript.
"""

from collections import defaultdict

from django import forms
from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.shortcuts import render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from base.models import Pillar
from cities.models import City, Partnership, PartnershipStatus, Region
from cities.selectors import organization_agreements
from exchanges.models import Event, Participation
from exchanges.rules import Modality
from exchanges.selectors import event_year_q
from practices.models import Adoption, AdoptionStage, PracticeStatus
from practices.transfer import transferability_counts

from .dashboard import MODALITY_COLOURS, REGION_COLOURS

PARTNERSHIP = "partnership"
PARTNERSHIP_COLOUR = "#6b7785"
# An adoption is directed: from the city of the practice to the city that took it up.
ADOPTION = "adoption"
ADOPTION_COLOUR = "#0f8b8d"
# Each kind of link has its own line besides its colour (read without colour vision, or
# printed in grey): dash and gap lengths in pixels, none for a solid line. Adoptions are
# solid too, told apart by their arrow. The graph and the legend draw the same.
LINE_DASHES = {
    Modality.SOUTH_SOUTH.value: [],
    Modality.TRIANGULAR.value: [12, 4],
    Modality.NORTH_SOUTH.value: [2, 5],
    Modality.NORTH_NORTH.value: [12, 3, 2, 3],
    Modality.MULTILATERAL.value: [1, 3],
    PARTNERSHIP: [6, 3],
    ADOPTION: [],
}


class NetworkFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    pillar = forms.ModelChoiceField(
        label=_("Decent Work pillar"),
        queryset=Pillar.objects.order_by("position"),
        to_field_name="slug",
        required=False,
        empty_label=_("All pillars"),
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years"))] + [
            (str(year), str(year)) for year in years
        ]


def event_years() -> list[int]:
    """The years with an exchange, latest first."""
    return list(
        Event.objects.of_record()
        .annotate(year=ExtractYear("start_date"))
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


def network_graph(*, year: int | None = None, pillar: Pillar | None = None) -> dict:
    """Nodes (cities with at least one edge) and edges (city pairs linked by exchanges of
    a modality, by a partnership, or by a practice one took up from the other) for `year`
    and `pillar`; partnerships have no pillar and show only when no pillar is chosen."""
    events = Event.objects.of_record()
    if year is not None:
        events = events.filter(event_year_q(year))
    if pillar is not None:
        events = events.filter(pillars=pillar)
    event_rows = {
        row["pk"]: row for row in events.values("pk", "slug", "title", "host_city_id", "modality")
    }
    # Each exchange links its host with each of its participants.
    pairs: dict[tuple[int, int, str], list[dict]] = defaultdict(list)
    for event_id, city_id in Participation.objects.filter(event__in=events).values_list(
        "event_id", "city_id"
    ):
        event = event_rows.get(event_id)
        if event is None or city_id == event["host_city_id"]:
            continue
        source, target = sorted((event["host_city_id"], city_id))
        pairs[(source, target, event["modality"])].append(event)

    if pillar is None:
        partnerships = Partnership.objects.exclude(status=PartnershipStatus.PROPOSED)
        if year is not None:
            partnerships = partnerships.filter(
                Q(start_date__isnull=True) | Q(start_date__year__lte=year),
                Q(end_date__isnull=True) | Q(end_date__year__gte=year),
            )
        members: dict[int, list[int]] = defaultdict(list)
        names = dict(partnerships.values_list("pk", "name"))
        for partnership_id, city_id in Partnership.cities.through.objects.filter(
            partnership_id__in=list(names)
        ).values_list("partnership_id", "city_id"):
            members[partnership_id].append(city_id)
        for partnership_id, city_ids in members.items():
            city_ids = sorted(set(city_ids))
            for i, source in enumerate(city_ids):
                for target in city_ids[i + 1 :]:
                    pairs[(source, target, PARTNERSHIP)].append({"title": names[partnership_id]})

    adoptions = Adoption.objects.filter(
        practice__status=PracticeStatus.PUBLISHED, practice__city__isnull=False
    )
    if year is not None:
        adoptions = adoptions.filter(year=year)
    if pillar is not None:
        adoptions = adoptions.filter(practice__pillars=pillar)
    rows = list(
        adoptions.values_list(
            "practice_id", "practice__city_id", "city_id", "practice__title", "stage"
        ).order_by("practice__title")
    )
    # Each arrow says how far the city went, and how well the practice travels.
    transfer = transferability_counts({row[0] for row in rows})
    for practice_id, source, target, title, stage in rows:
        if source != target:
            pairs[(source, target, ADOPTION)].append(
                {
                    "title": gettext("%(title)s (%(stage)s; transferability %(percent)s%%)")
                    % {
                        "title": title,
                        "stage": AdoptionStage(stage).label.lower(),
                        "percent": transfer[practice_id].percent,
                    }
                }
            )

    linked = {city_id for source, target, _kind in pairs for city_id in (source, target)}
    cities = {
        city.pk: city
        for city in City.objects.with_references()
        .filter(pk__in=linked)
        .annotate(
            practices_count=Count(
                "practices", filter=Q(practices__status=PracticeStatus.PUBLISHED), distinct=True
            )
        )
    }
    activity: dict[int, int] = defaultdict(int)
    for (source, target, _kind), items in pairs.items():
        activity[source] += len(items)
        activity[target] += len(items)

    modality_labels = {m.value: str(m.label) for m in Modality}
    kind_labels = {
        **modality_labels,
        PARTNERSHIP: gettext("Partnership"),
        ADOPTION: gettext("Practice taken up"),
    }
    colours = {
        **{m.value: c for m, c in MODALITY_COLOURS.items()},
        PARTNERSHIP: PARTNERSHIP_COLOUR,
        ADOPTION: ADOPTION_COLOUR,
    }
    nodes = [
        {
            "id": f"city-{city.pk}",
            "label": city.name,
            "country": str(city.country.name),
            "region": city.country.region,
            "region_label": str(Region(city.country.region).label),
            "colour": REGION_COLOURS[city.country.region],
            "activity": activity[city.pk] + city.practices_count,
            "url": city.get_absolute_url(),
        }
        for city in sorted(cities.values(), key=lambda city: city.name)
    ]
    edges = [
        {
            "id": f"{kind}-{source}-{target}",
            "source": f"city-{source}",
            "target": f"city-{target}",
            "source_name": cities[source].name,
            "target_name": cities[target].name,
            "kind": kind,
            "kind_label": kind_labels[kind],
            "colour": colours[kind],
            "weight": len(items),
            "titles": [item["title"] for item in items],
            "directed": kind == ADOPTION,
        }
        for (source, target, kind), items in sorted(
            pairs.items(), key=lambda pair: (cities[pair[0][0]].name, cities[pair[0][1]].name)
        )
        if source in cities and target in cities
    ]
    legend = {
        "regions": [
            {"key": region.value, "label": str(region.label), "colour": REGION_COLOURS[region]}
            for region in Region
        ],
        "kinds": [
            {
                "key": key,
                "label": kind_labels[key],
                "colour": colours[key],
                "dash": LINE_DASHES[key],
                "directed": key == ADOPTION,
            }
            for key in [*modality_labels, PARTNERSHIP, ADOPTION]
        ],
    }
    return {"nodes": nodes, "edges": edges, "legend": legend}


def network(request):
    form = NetworkFilterForm(request.GET or None, years=event_years())
    year = pillar = None
    if form.is_bound:
        # A value not understood is reported and ignored; the other one still applies.
        form.is_valid()
        year = form.cleaned_data.get("year")
        pillar = form.cleaned_data.get("pillar")
    graph = network_graph(year=year, pillar=pillar)
    return render(
        request,
        "portal/network.html",
        {
            "form": form,
            "graph": graph,
            "year": year,
            "pillar": pillar,
            "agreements": organization_agreements(),
        },
    )
