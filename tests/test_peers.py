"""Peer matching (matching): "cities like mine", related practices and the cities
that could learn from a practice, table-driven, with their reasons, in the pages and the
API, in a constant number of queries."""

from types import SimpleNamespace

import pytest
from django.db import transaction
from rest_framework.test import APIClient

from base.models import SDG, Pillar, Sector
from matching.challenges import flush_pending
from matching.explanation import WEIGHTS, Names, city_profiles, reasons, summarize
from matching.ranking import city_peers, learning_cities, related_practices
from practices.models import PracticeStatus
from tests.factories import (
    AdoptionFactory,
    AdoptionStageChangeFactory,
    CityFactory,
    EventFactory,
    ParticipationFactory,
    PracticeFactory,
    country,
)
from tests.utils import assert_constant_queries

pytestmark = pytest.mark.django_db


def place(slug, code, population, sectors=()):
    city = CityFactory(slug=slug, name=slug.title(), country=country(code), population=population)
    city.sectors.set(Sector.objects.filter(slug__in=sectors))
    return city


def practice(slug, city, *, pillars=(), sdgs=(), sectors=(), **kwargs):
    made = PracticeFactory(slug=slug, city=city, **kwargs)
    made.pillars.set(Pillar.objects.filter(slug__in=pillars))
    made.sdgs.set(SDG.objects.filter(number__in=sdgs))
    made.sectors.set(Sector.objects.filter(slug__in=sectors))
    return made


@pytest.fixture
def net():
    """Maputo (intermediary, Africa, South, commerce) and cities more or less like it."""
    n = SimpleNamespace()
    n.maputo = place("maputo", "MZ", 250_000, ["commerce"])
    n.nampula = place("nampula", "MZ", 300_000, ["commerce", "tourism"])
    n.durban = place("durban", "ZA", 3_400_000, ["commerce"])
    n.curitiba = place("curitiba", "BR", 400_000, ["tourism"])
    n.lleida = place("lleida", "ES", 140_000)
    n.turin = place("turin", "IT", 850_000)
    n.markets = practice(
        "maputo-markets",
        n.maputo,
        pillars=["social-dialogue"],
        sdgs=[8, 11],
        sectors=["commerce"],
    )
    n.curitiba_dialogue = practice(
        "curitiba-dialogue", n.curitiba, pillars=["social-dialogue"], sdgs=[8]
    )
    # Unpublished practices count for nothing.
    practice(
        "nampula-draft",
        n.nampula,
        pillars=["social-dialogue"],
        sdgs=[8, 11],
        status=PracticeStatus.DRAFT,
        published_at=None,
        verified_on=None,
    )
    n.fish = practice("turin-fish", n.turin, pillars=["employment"], sdgs=[14])
    # An exchange gives its pillars to its host and every participant.
    forum = EventFactory(slug="lleida-forum", host_city=n.lleida)
    ParticipationFactory(event=forum, city=n.turin)
    ParticipationFactory(event=forum, city=n.maputo)
    forum.pillars.set(Pillar.objects.filter(slug="social-dialogue"))
    return n


@pytest.mark.parametrize(
    ("city", "expected"),
    [
        (
            "maputo",
            [
                ("nampula", ["population_class", "region", "global_south", "sector"]),
                ("curitiba", ["population_class", "global_south", "pillar", "sdg"]),
                ("durban", ["region", "global_south", "sector"]),
                ("lleida", ["population_class", "pillar"]),
                ("turin", ["pillar"]),
            ],
        ),
        (
            "lleida",
            [
                ("turin", ["region", "global_south", "pillar"]),
                # Ties go by name.
                ("curitiba", ["population_class", "pillar"]),
                ("maputo", ["population_class", "pillar"]),
                ("nampula", ["population_class"]),
            ],
        ),
        (
            "durban",
            [
                ("maputo", ["region", "global_south", "sector"]),
                ("nampula", ["region", "global_south", "sector"]),
                ("curitiba", ["global_south"]),
            ],
        ),
    ],
)
def test_cities_like_mine_are_ranked_by_their_reasons(net, city, expected):
    peers = city_peers(getattr(net, city), limit=None)
    assert [(p.object.slug, [r.kind for r in p.reasons]) for p in peers] == expected
    for peer in peers:
        assert peer.score == sum(WEIGHTS[reason.kind] for reason in peer.reasons)
    scores = [peer.score for peer in peers]
    assert scores == sorted(scores, reverse=True)


def test_reasons_say_what_is_shared(net):
    nampula, curitiba = city_peers(net.maputo, limit=2)
    assert [str(reason) for reason in nampula.reasons] == [
        "also intermediary",
        "also in Africa",
        "also in the Global South",
        "also commerce and markets",
    ]
    assert [str(reason) for reason in curitiba.reasons][-2:] == [
        "also works on social dialogue",
        "also works on SDG 8",
    ]
    assert summarize(curitiba.reasons) == [
        "also intermediary",
        "also in the Global South",
        "also works on social dialogue",
        "also works on SDG 8",
    ]


def test_summaries_gather_the_sectors_pillars_and_sdgs(net):
    profiles = city_profiles([net.maputo, net.nampula])
    mine = profiles[net.maputo.pk]
    mine.pillars |= {"employment"}
    mine.sdgs |= {3, 14}
    theirs = profiles[net.nampula.pk]
    theirs.pillars |= {"employment", "social-dialogue"}
    theirs.sdgs |= {3, 8, 14}
    mine.pillars.add("social-dialogue")
    assert summarize(reasons(mine, theirs, Names())) == [
        "also intermediary",
        "also in Africa",
        "also in the Global South",
        "also commerce and markets",
        "also works on employment, social dialogue",
        "also works on SDGs 3, 8, 14",
    ]


def test_the_limit_keeps_the_best(net):
    assert [p.object.slug for p in city_peers(net.maputo, limit=2)] == ["nampula", "curitiba"]


def test_a_city_alone_in_the_network_has_no_peers():
    lonely = place("lonely", "MZ", None)
    assert city_peers(lonely) == []


def test_related_practices_share_what_a_practice_is_about(net):
    related = related_practices(net.markets, limit=None)
    # The draft is not published; the fish practice shares nothing the markets are about.
    assert [match.object.slug for match in related] == ["curitiba-dialogue"]
    assert [reason.kind for reason in related[0].reasons] == [
        "population_class",
        "global_south",
        "pillar",
        "sdg",
    ]


def test_practices_shared_at_the_same_exchange_are_closer(net):
    event = EventFactory(slug="markets-2012", title="Markets 2012", host_city=net.maputo)
    other = practice("durban-traders", net.durban, pillars=["employment"], sdgs=[8])
    net.markets.events.add(event)
    other.events.add(event)
    related = related_practices(net.markets, limit=None)
    assert [match.object.slug for match in related] == ["curitiba-dialogue", "durban-traders"]
    assert str(related[1].reasons[-1]) == "also shared at Markets 2012"


def test_cities_that_could_learn_leave_out_the_practice_city_and_its_adopters(net):
    AdoptionFactory(practice=net.markets, city=net.nampula)
    learners = learning_cities(net.markets, limit=None)
    slugs = [match.object.slug for match in learners]
    assert "maputo" not in slugs and "nampula" not in slugs
    # Every lead shares something the practice is about (a sector, pillar or SDG).
    assert slugs == ["curitiba", "durban", "lleida", "turin"]
    for match in learners:
        assert {reason.kind for reason in match.reasons} & {"sector", "pillar", "sdg"}


def test_a_practice_without_a_city_takes_its_first_country(net):
    regional = practice("regional", None, pillars=["social-dialogue"], sdgs=[8])
    regional.countries.set([country("BR")])
    learners = learning_cities(regional, limit=None)
    curitiba = next(match for match in learners if match.object.slug == "curitiba")
    assert [reason.kind for reason in curitiba.reasons] == [
        "region",
        "global_south",
        "pillar",
        "sdg",
    ]


def test_the_api_lists_a_citys_peers(net):
    response = APIClient().get("/api/v1/cities/maputo/peers/", {"limit": 2})
    assert response.status_code == 200
    body = response.json()
    assert body["city"] == {
        "slug": "maputo",
        "name": "Maputo",
        "country": {"code": "MZ", "name": "Mozambique"},
    }
    first = body["peers"][0]
    assert first["city"]["slug"] == "nampula"
    assert first["score"] == 5.5
    assert first["reasons"][0] == {
        "kind": "population_class",
        "key": "intermediary",
        "text": "also intermediary",
    }
    assert len(body["peers"]) == 2


@pytest.mark.parametrize("limit", ["0", "51", "x", "-1", "2.5"])
def test_the_api_refuses_a_bad_limit(net, limit):
    response = APIClient().get("/api/v1/cities/maputo/peers/", {"limit": limit})
    assert response.status_code == 400
    assert "limit" in response.json()


def test_the_api_answers_404_for_an_unknown_city_or_practice(net):
    api = APIClient()
    assert api.get("/api/v1/cities/nowhere/peers/").status_code == 404
    assert api.get("/api/v1/practices/nothing/related/").status_code == 404
    # An unpublished practice is invisible to anonymous clients, here too.
    assert api.get("/api/v1/practices/nampula-draft/related/").status_code == 404


def test_the_api_lists_related_practices_and_learning_cities(net):
    response = APIClient().get("/api/v1/practices/maputo-markets/related/")
    assert response.status_code == 200
    body = response.json()
    assert body["practice"]["slug"] == "maputo-markets"
    assert [m["practice"]["slug"] for m in body["related_practices"]] == ["curitiba-dialogue"]
    assert [m["city"]["slug"] for m in body["learning_cities"]][:2] == ["nampula", "curitiba"]
    assert body["learning_cities"][0]["reasons"][0]["text"] == "also intermediary"


def test_the_api_answers_in_the_clients_language(net):
    response = APIClient().get("/api/v1/cities/maputo/peers/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    # Untranslated strings fall back to English; the reasons are marked for translation.
    assert response.json()["peers"][0]["reasons"][0]["text"]


def test_the_city_page_shows_cities_like_it_with_why(client, net):
    response = client.get("/cities/maputo/")
    html = response.content.decode()
    assert "Cities like this one" in html
    assert html.index('href="/cities/nampula/"') < html.index('href="/cities/durban/"')
    assert "also intermediary · also in Africa" in html


def test_the_practice_page_shows_related_practices_and_learning_cities(client, net):
    html = client.get("/practices/maputo-markets/").content.decode()
    assert "Related practices" in html
    assert 'href="/practices/curitiba-dialogue/"' in html
    assert "Cities that could learn from this" in html
    assert "also works on social dialogue" in html


def grow(n):
    """More cities, practices and exchanges, each with sectors and tags."""
    counter = {"n": 0}

    def more():
        counter["n"] += 1
        i = counter["n"]
        city = place(f"more-{i}", "TZ", 200_000 + i, ["commerce", "tourism"])
        practice(
            f"more-practice-{i}",
            city,
            pillars=["social-dialogue", "employment"],
            sdgs=[8, 11],
            sectors=["commerce"],
        )
        event = EventFactory(slug=f"more-event-{i}", host_city=city)
        ParticipationFactory(event=event, city=n.maputo)
        event.pillars.set(Pillar.objects.filter(slug="rights-at-work"))
        event.sdgs.set(SDG.objects.filter(number=5))
        AdoptionFactory(practice=n.markets, city=city)

    return more


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/cities/maputo/peers/",
        "/api/v1/practices/maputo-markets/related/",
        "/cities/maputo/",
        "/practices/maputo-markets/",
    ],
)
def test_query_count_does_not_grow_with_the_network(client, net, url):
    # A practice's page looks its adoptions' steps up once it has an adoption.
    AdoptionStageChangeFactory(adoption=AdoptionFactory(practice=net.markets, city=net.nampula))
    assert_constant_queries(lambda: client.get(url), grow(net))


# What each city works on (CityChallenge), kept up to date from the signals


def stored_challenges(city):
    return sorted(city.challenges.values_list("kind", "key"))


def challenges(city):
    """What `city` works on as the matching reads it: the pending refreshes first."""
    flush_pending()
    return stored_challenges(city)


def test_the_challenges_are_refreshed_when_the_transaction_commits(
    net, django_capture_on_commit_callbacks
):
    flush_pending()
    with django_capture_on_commit_callbacks(execute=True):
        net.fish.status = PracticeStatus.DRAFT
        net.fish.save()
        # Batched: nothing is rewritten before the commit.
        assert ("pillar", "employment") in stored_challenges(net.turin)
    assert stored_challenges(net.turin) == [("pillar", "social-dialogue")]


def test_a_practice_saved_with_its_tags_is_one_refresh(
    net, monkeypatch, django_capture_on_commit_callbacks
):
    from matching import challenges as module

    flush_pending()
    refreshed = []
    refresh = module.refresh_challenges
    monkeypatch.setattr(
        module, "refresh_challenges", lambda ids: refreshed.append(set(ids)) or refresh(ids)
    )
    with django_capture_on_commit_callbacks(execute=True):
        net.fish.title = "Fishers' cooperatives, renewed"
        net.fish.save()
        net.fish.pillars.set(Pillar.objects.filter(slug="social-protection"))
        net.fish.sdgs.set(SDG.objects.filter(number__in=[1, 2]))
    assert refreshed == [{net.turin.pk}]
    assert ("pillar", "social-protection") in stored_challenges(net.turin)
    assert ("sdg", "2") in stored_challenges(net.turin)


def test_a_rolled_back_change_leaves_the_challenges_right(net):
    flush_pending()
    with pytest.raises(RuntimeError), transaction.atomic():
        net.fish.delete()
        raise RuntimeError("rolled back")
    assert ("pillar", "employment") in challenges(net.turin)


def test_a_citys_challenges_follow_its_published_practices(net):
    assert ("pillar", "employment") in challenges(net.turin)
    net.fish.status = PracticeStatus.DRAFT
    net.fish.save()
    # Turin still joins the Lleida forum (social dialogue), no longer fishes.
    assert challenges(net.turin) == [("pillar", "social-dialogue")]
    net.fish.status = PracticeStatus.PUBLISHED
    net.fish.save()
    net.fish.city = net.durban
    net.fish.save()
    assert ("pillar", "employment") not in challenges(net.turin)
    assert ("sdg", "14") in challenges(net.durban)
    net.fish.sdgs.clear()
    assert ("sdg", "14") not in challenges(net.durban)
    net.fish.delete()
    assert ("pillar", "employment") not in challenges(net.durban)


def test_a_citys_challenges_follow_the_exchanges_it_hosts_and_joins(net):
    forum = net.lleida.hosted_events.get()
    forum.sdgs.set(SDG.objects.filter(number=5))
    for city in (net.lleida, net.turin, net.maputo):
        assert ("sdg", "5") in challenges(city)
    turin = forum.participations.get(city=net.turin)
    turin.delete()
    assert ("sdg", "5") not in challenges(net.turin)
    ParticipationFactory(event=forum, city=net.durban)
    assert ("pillar", "social-dialogue") in challenges(net.durban)
    forum.host_city = net.curitiba
    forum.save()
    assert ("sdg", "5") not in challenges(net.lleida)
    assert ("sdg", "5") in challenges(net.curitiba)
    forum.delete()
    assert ("sdg", "5") not in challenges(net.durban)


def test_a_rebuild_finds_what_the_signals_kept(net):
    from matching.challenges import rebuild_challenges
    from matching.models import CityChallenge

    flush_pending()  # as the commit would
    kept = set(CityChallenge.objects.values_list("city_id", "kind", "key"))
    assert kept
    CityChallenge.objects.all().delete()
    assert rebuild_challenges() == len(kept)
    assert set(CityChallenge.objects.values_list("city_id", "kind", "key")) == kept


def test_bulk_deletions_refresh_the_challenges_once(net):
    from exchanges.models import Event
    from matching.challenges import challenges_deferred
    from practices.models import Practice

    with challenges_deferred():
        Practice.objects.filter(city=net.turin).delete()
        Event.objects.all().delete()
    assert challenges(net.turin) == []
    assert challenges(net.maputo) == [
        ("pillar", "social-dialogue"),
        ("sdg", "11"),
        ("sdg", "8"),
    ]


def test_the_generated_network_has_its_challenges():
    from devtools.synthetic import NetworkSize, delete_generated_network, generate_network
    from matching.models import CityChallenge

    generate_network(size=NetworkSize(cities=12, events=20, practices=30), seed=2)
    generated = CityChallenge.objects.filter(city__slug__startswith="gen-")
    assert generated.exists()
    delete_generated_network()
    assert not generated.exists()


@pytest.mark.parametrize("best_tagged", [1, 2, 3, 2000])
def test_ranking_the_best_tagged_first_changes_nothing(net, monkeypatch, best_tagged):
    from matching import ranking

    more = grow(net)
    for _ in range(4):
        more()
    practice("durban-more", net.durban, pillars=["social-dialogue"], sdgs=[8, 11])
    everything = [match.object.slug for match in related_practices(net.markets, limit=None)]
    monkeypatch.setattr(ranking, "BEST_TAGGED", best_tagged)
    for limit in (1, 2, 3, 6):
        found = [match.object.slug for match in related_practices(net.markets, limit=limit)]
        assert found == everything[:limit]
