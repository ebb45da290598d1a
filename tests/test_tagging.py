"""Tag suggestions (matching.tagging): table-driven cases in the four languages, the
vocabulary's shape, the API endpoint, and the evaluation against the demo practices."""

import re
from io import StringIO

import pytest
import yaml
from django.core.management import call_command
from rest_framework.test import APIClient

from matching.tagging import (
    PILLAR,
    SDG,
    SDG_LABELS,
    VOCABULARY_PATH,
    normalize,
    suggest_tags,
)

LANGUAGES = {"en", "fr", "es", "pt"}


def tags(text):
    return {(s.kind, s.key) for s in suggest_tags(text)}


def triggers(text, kind, key):
    for suggestion in suggest_tags(text):
        if (suggestion.kind, suggestion.key) == (kind, key):
            return suggestion.triggers
    raise AssertionError(f"{kind} {key} not suggested for {text!r}")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # English: the pillars' own names and core subjects.
        ("Tripartite social dialogue with trade unions", {(PILLAR, "social-dialogue")}),
        (
            "A programme against child labour on the dumpsite",
            {(PILLAR, "rights-at-work"), (SDG, 8)},
        ),
        ("Extending social protection and health insurance", {(PILLAR, "social-protection")}),
        ("Women's entrepreneurship and small business development", {(PILLAR, "employment")}),
        ("Fishermen and aquaculture along the coastal villages", {(SDG, 14)}),
        ("Poverty reduction for the poorest households", {(SDG, 1)}),
        ("Water and sanitation for informal settlements", {(SDG, 6)}),
        # French, Spanish, Portuguese.
        ("Création d'emplois et formation professionnelle des jeunes", {(PILLAR, "employment")}),
        ("Dialogue social et négociation collective", {(PILLAR, "social-dialogue")}),
        ("Protección social y seguridad social para trabajadores", {(PILLAR, "social-protection")}),
        ("Erradicación del trabajo infantil", {(PILLAR, "rights-at-work")}),
        ("Economia solidária e cooperativas de catadores", {(PILLAR, "employment")}),
        ("Igualdade de gênero e direitos das mulheres", {(PILLAR, "rights-at-work"), (SDG, 5)}),
        ("Cooperação sul-sul e intercâmbio de experiências", {(SDG, 17)}),
    ],
)
def test_suggests(text, expected):
    assert expected <= tags(text)


@pytest.mark.parametrize(
    ("text", "not_expected"),
    [
        # A word that only begins like a keyword does not count: "sea$" is a whole word.
        ("The tourist season and research", (SDG, 14)),
        # "sur-sur" needs both whole words: "surveys" and "surveillance" are not it.
        ("Walk-through surveys and surveillance systems", (SDG, 17)),
        # One weak hint is not enough.
        ("The city council met on Tuesday", (PILLAR, "social-dialogue")),
        # Sida, the Swedish agency, is not AIDS.
        ("A project funded by Sida", (SDG, 3)),
    ],
)
def test_does_not_suggest(text, not_expected):
    assert not_expected not in tags(text)


def test_nothing_to_suggest_in_an_empty_or_unrelated_text():
    assert suggest_tags("") == []
    assert suggest_tags("   ") == []
    assert suggest_tags("Lorem ipsum dolor sit amet") == []


@pytest.mark.parametrize(
    ("text", "kind", "key", "expected_triggers"),
    [
        # Word-prefix matching: the triggers are the words as written.
        (
            "Entrepreneurship for young entrepreneurs",
            PILLAR,
            "employment",
            ["Entrepreneurship", "entrepreneurs"],
        ),
        # The longest keyword wins over the words inside it.
        (
            "Tripartite social dialogue",
            PILLAR,
            "social-dialogue",
            ["Tripartite", "social dialogue"],
        ),
        # Accents do not matter, and the trigger keeps them.
        ("Creation d'emplois à Odienné", PILLAR, "employment", ["Creation d'emplois"]),
        ("Création d\u2019emplois", PILLAR, "employment", ["Création d\u2019emplois"]),
        # A trigger found twice shows once.
        ("Child labour, child labour again", PILLAR, "rights-at-work", ["Child labour"]),
    ],
)
def test_triggers_explain_each_suggestion(text, kind, key, expected_triggers):
    assert triggers(text, kind, key) == expected_triggers


def test_accents_and_case_do_not_change_the_suggestions():
    assert tags("PROTECTION SOCIALE ET SÉCURITÉ SOCIALE") == tags(
        "protection sociale et securite sociale"
    )
    assert normalize("Odienné") == normalize("ODIENNE") == "odienne"


def test_suggestions_come_pillars_first_then_sdgs_best_first_with_scores_and_labels():
    suggestions = suggest_tags(
        "Decent work agenda: job creation, social protection, social dialogue and rights "
        "at work against child labour and poverty"
    )
    kinds = [s.kind for s in suggestions]
    assert kinds == sorted(kinds, key=[PILLAR, SDG].index)
    for kind in (PILLAR, SDG):
        scores = [s.score for s in suggestions if s.kind == kind]
        assert scores == sorted(scores, reverse=True)
    assert all(0.5 <= s.score < 1 for s in suggestions)
    assert {s.key for s in suggestions if s.kind == PILLAR} == {
        "employment",
        "social-protection",
        "social-dialogue",
        "rights-at-work",
    }
    sdg8 = next(s for s in suggestions if (s.kind, s.key) == (SDG, 8))
    assert str(sdg8.label) == "Decent Work and Economic Growth"
    assert sdg8.as_dict()["key"] == 8


def test_the_vocabulary_covers_every_pillar_and_sdg_in_four_languages():
    data = yaml.safe_load(VOCABULARY_PATH.read_text(encoding="utf-8"))
    assert set(data["pillars"]) == {
        "employment",
        "social-protection",
        "social-dialogue",
        "rights-at-work",
    }
    assert set(data["sdgs"]) == set(SDG_LABELS)
    for key, entry in [*data["pillars"].items(), *data["sdgs"].items()]:
        assert set(entry["strong"]) == LANGUAGES, key
        assert set(entry["related"]) == LANGUAGES, key
        for language in LANGUAGES:
            assert entry["strong"][language], (key, language)


def test_the_api_suggests_tags_for_a_text():
    api = APIClient()
    response = api.post(
        "/api/v1/practices/suggest-tags/",
        {"text": "Programa de formación profesional para mujeres emprendedoras"},
        format="json",
    )
    assert response.status_code == 200
    suggestions = response.json()["suggestions"]
    employment = next(s for s in suggestions if s["kind"] == "pillar")
    assert employment == {
        "kind": "pillar",
        "key": "employment",
        "label": "Employment creation and sustainable enterprises",
        "score": employment["score"],
        "triggers": ["formación profesional", "emprendedoras"],
    }
    assert {"kind": "sdg", "key": 5} in [{"kind": s["kind"], "key": s["key"]} for s in suggestions]


@pytest.mark.parametrize(
    ("payload", "status"),
    [({}, 400), ({"text": "x" * 50_001}, 400), ({"text": ""}, 200), ({"text": None}, 400)],
)
def test_the_api_validates_the_text(payload, status):
    response = APIClient().post("/api/v1/practices/suggest-tags/", payload, format="json")
    assert response.status_code == status
    if status == 400:
        assert "text" in response.json()


def test_the_api_takes_only_post():
    assert APIClient().get("/api/v1/practices/suggest-tags/").status_code == 405


@pytest.mark.django_db
def test_the_evaluation_on_the_demo_practices_reaches_0_7():
    out = StringIO()
    call_command("evaluate_tagging", stdout=out)
    output = out.getvalue()
    figures = {
        name: (float(precision), float(recall))
        for name, precision, recall in re.findall(
            r"^(pillars|SDGs|overall)\s+([\d.]+)\s+([\d.]+)$", output, re.MULTILINE
        )
    }
    assert set(figures) == {"pillars", "SDGs", "overall"}, output
    for name, (precision, recall) in figures.items():
        assert precision >= 0.7, (name, output)
        assert recall >= 0.7, (name, output)
