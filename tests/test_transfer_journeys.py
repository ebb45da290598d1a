"""Transfer journeys: an adoption's stages, each step recorded (service, constraints,
page, API), its mentor, changes and results beside the original's, and transferability."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from rest_framework.test import APIClient

from practices.models import Adoption, AdoptionResult, AdoptionStageChange
from practices.services import record_adoption, set_adoption_results, update_adoption
from practices.transfer import allowed_next_stages, transferability_counts, transferability_of
from tests.factories import (
    AdoptionFactory,
    AdoptionStageChangeFactory,
    CityFactory,
    PracticeFactory,
    ResultFactory,
)
from tests.utils import assert_constant_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def durban(db):
    return CityFactory(slug="durban", name="Durban")


@pytest.fixture
def practice(durban):
    practice = PracticeFactory(slug="informal-traders", title="Informal traders", city=durban)
    ResultFactory(practice=practice, indicator="Traders organized", value_before=10, value_after=40)
    return practice


@pytest.fixture
def adoption(practice, city, official):
    return record_adoption(
        practice=practice,
        city=city,
        stage="interested",
        stage_on=datetime.date(2012, 11, 7),
        by=official,
    )


# The transitions, in one function


def test_a_journey_goes_forward_or_is_abandoned():
    assert allowed_next_stages(None) == [
        "interested",
        "studying",
        "adapting",
        "piloting",
        "sustained",
        "abandoned",
    ]
    assert allowed_next_stages("studying") == ["adapting", "piloting", "sustained", "abandoned"]
    assert allowed_next_stages("piloting") == ["adapting", "sustained", "abandoned"]
    assert allowed_next_stages("sustained") == ["abandoned"]
    assert allowed_next_stages("abandoned") == ["interested", "studying"]


# The service


def test_recording_an_adoption_records_its_first_step(adoption, official):
    (step,) = adoption.stage_changes.all()
    assert (step.stage, step.previous_stage, step.reached_on, step.by) == (
        "interested",
        "",
        datetime.date(2012, 11, 7),
        official,
    )


def test_each_change_of_stage_is_a_dated_step_with_its_evidence(adoption, official, durban):
    update_adoption(
        adoption=adoption,
        by=official,
        stage="studying",
        stage_on=datetime.date(2013, 6, 1),
        stage_note="A delegation of nine visited Durban.",
        stage_evidence_url="https://example.org/report.pdf",
        mentor_city=durban,
        changes="Food vendors and carriers rather than a transport hub.",
    )
    adoption.refresh_from_db()
    assert (adoption.stage, adoption.mentor_city) == ("studying", durban)
    steps = list(adoption.stage_changes.values_list("previous_stage", "stage", "note"))
    assert steps[-1] == ("interested", "studying", "A delegation of nine visited Durban.")
    # Editing other fields adds no step.
    update_adoption(adoption=adoption, by=official, notes="More.")
    assert adoption.stage_changes.count() == 2


def test_a_journey_does_not_go_back_except_a_pilot_to_adapting(adoption, official):
    update_adoption(adoption=adoption, by=official, stage="piloting")
    with pytest.raises(ValidationError) as error:
        update_adoption(adoption=adoption, by=official, stage="studying")
    assert "cannot move from piloting to studying" in error.value.message_dict["stage"][0]
    update_adoption(adoption=adoption, by=official, stage="adapting")
    assert Adoption.objects.get().stage == "adapting"


def test_abandoning_says_why(adoption, official):
    with pytest.raises(ValidationError) as error:
        update_adoption(adoption=adoption, by=official, stage="abandoned")
    assert "why" in error.value.message_dict["stage_note"][0]
    update_adoption(
        adoption=adoption, by=official, stage="abandoned", stage_note="The council changed."
    )
    assert adoption.stage_changes.last().note == "The council changed."


def test_the_former_stage_names_are_still_understood(practice, city, curator):
    adoption = record_adoption(practice=practice, city=city, stage="exploring", by=curator)
    assert adoption.stage == "studying"
    update_adoption(adoption=adoption, by=curator, stage="adopted")
    assert Adoption.objects.get().stage == "sustained"


def test_a_step_without_a_change_of_stage_is_refused(adoption, official):
    with pytest.raises(ValidationError) as error:
        update_adoption(adoption=adoption, by=official, stage_note="Nothing moved.")
    assert "change of stage" in error.value.message_dict["stage"][0]


def test_a_city_does_not_mentor_itself(adoption, official, city):
    with pytest.raises(ValidationError) as error:
        update_adoption(adoption=adoption, by=official, mentor_city=city)
    assert "mentor" in error.value.message_dict["mentor_city"][0]


def test_results_are_measured_on_the_original_indicators(adoption, official, practice):
    original = practice.results.get()
    set_adoption_results(
        adoption=adoption,
        by=official,
        results=[{"result": original, "value_before": Decimal(5), "value_after": Decimal(25)}],
    )
    assert adoption.results.get().result == original
    foreign = ResultFactory(indicator="Elsewhere")
    with pytest.raises(ValidationError) as error:
        set_adoption_results(
            adoption=adoption, by=official, results=[{"result": foreign, "value_after": 1}]
        )
    assert "indicator of the practice" in error.value.message_dict["results"][0]
    with pytest.raises(ValidationError):
        set_adoption_results(adoption=adoption, by=official, results=[{"result": original}])
    assert adoption.results.get().value_after == 25


def test_transferability_counts_sustained_of_started(practice):
    for stage in ("sustained", "sustained", "abandoned", "piloting"):
        AdoptionFactory(practice=practice, stage=stage)
    figure = transferability_of(practice)
    assert (figure.started, figure.sustained, figure.percent) == (4, 2, 50)
    assert transferability_counts([practice.pk])[practice.pk] == figure
    assert transferability_of(PracticeFactory()).share is None


# The database constraints, each on both sides


def test_a_step_must_move_to_another_valid_stage(adoption):
    AdoptionStageChange.objects.create(
        adoption=adoption, stage="studying", previous_stage="interested", reached_on="2013-06-01"
    )
    for bad in (
        {"stage": "studying", "previous_stage": "studying"},
        {"stage": "dreaming"},
        {"stage": "studying", "previous_stage": "dreaming"},
        {"stage": "abandoned", "note": ""},
        {"stage": "studying", "reached_on": "1989-12-31"},
    ):
        values = {"previous_stage": "interested", "reached_on": "2013-06-01", **bad}
        with pytest.raises(IntegrityError), transaction.atomic():
            AdoptionStageChange.objects.create(adoption=adoption, **values)


def test_an_abandoned_step_with_its_reason_is_saved(adoption):
    AdoptionStageChangeFactory(
        adoption=adoption, stage="abandoned", previous_stage="interested", note="No budget."
    )


def test_the_mentor_is_another_city(adoption, durban):
    Adoption.objects.filter(pk=adoption.pk).update(mentor_city=durban)
    with pytest.raises(IntegrityError), transaction.atomic():
        Adoption.objects.filter(pk=adoption.pk).update(mentor_city=adoption.city)


def test_a_result_has_a_value_once_per_indicator(adoption, practice):
    original = practice.results.get()
    AdoptionResult.objects.create(adoption=adoption, result=original, value_after=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        AdoptionResult.objects.create(adoption=adoption, result=original, value_after=4)
    with pytest.raises(IntegrityError), transaction.atomic():
        AdoptionResult.objects.create(adoption=AdoptionFactory(practice=practice), result=original)


# The practice's page: its transfer story


def test_the_practice_page_tells_the_transfer_story(adoption, official, practice, durban):
    update_adoption(
        adoption=adoption,
        by=official,
        stage="abandoned",
        stage_note="The market moved.",
        mentor_city=durban,
        changes="Food vendors.",
    )
    set_adoption_results(
        adoption=adoption,
        by=official,
        results=[{"result": practice.results.get(), "value_before": 2, "value_after": 6}],
    )
    page = Client().get(practice.get_absolute_url()).content.decode()
    assert "Transfer story" in page
    assert "Sustained in 0 of the 1 city that started taking it up" in page
    assert "Mentor city:" in page and "Food vendors." in page
    assert "Why:</strong> The market moved." in page
    assert "Results in Maputo beside the original" in page and "Traders organized" in page


def test_the_practice_page_queries_do_not_grow_with_journeys(practice):
    def grow():
        for _ in range(3):
            adoption = AdoptionFactory(practice=practice, mentor_city=CityFactory())
            AdoptionStageChangeFactory(adoption=adoption)
            AdoptionResult.objects.create(
                adoption=adoption, result=practice.results.get(), value_after=1
            )

    grow()
    assert_constant_queries(lambda: Client().get(practice.get_absolute_url()), grow)


def test_the_form_moves_the_stage_with_a_note_and_results(adoption, official, practice):
    client = Client()
    client.force_login(official)
    url = f"/practices/{practice.slug}/adoptions/{adoption.pk}/"
    form = client.get(url).content.decode()
    # Only the stages the adoption may move to.
    assert 'value="piloting"' in form and 'value="studying"' in form
    result = practice.results.get()
    response = client.post(
        url,
        {
            "city": adoption.city.pk,
            "stage": "studying",
            "stage_on": "2013-06-01",
            "stage_note": "The delegation.",
            f"result_{result.pk}_before": "3",
            f"result_{result.pk}_after": "9",
        },
    )
    assert response.status_code == 302
    adoption.refresh_from_db()
    assert adoption.stage == "studying"
    assert adoption.results.get().value_after == 9
    bad = client.post(url, {"city": adoption.city.pk, "stage": "interested"})
    assert bad.status_code == 200
    assert Adoption.objects.get().stage == "studying"


# The API


@pytest.fixture
def api(official):
    client = APIClient()
    client.force_authenticate(official)
    return client


def test_the_api_moves_an_adoption_along_its_journey(api, adoption, durban):
    response = api.patch(
        f"/api/v1/adoptions/{adoption.pk}/",
        {
            "stage": "studying",
            "stage_on": "2013-06-01",
            "stage_note": "A delegation of nine.",
            "mentor_city": "durban",
            "changes": "Food vendors.",
            "results": [{"indicator": 1, "value_before": 2, "value_after": 8}],
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["stage"] == "studying"
    assert body["mentor_city"]["slug"] == "durban"
    assert [step["stage"] for step in body["stage_changes"]] == ["interested", "studying"]
    assert body["stage_changes"][1]["reached_on"] == "2013-06-01"
    assert body["results"] == [
        {
            "indicator": "Traders organized",
            "unit": "%",
            "value_before": 2.0,
            "value_after": 8.0,
            "original_before": 10.0,
            "original_after": 40.0,
        }
    ]
    detail = api.get("/api/v1/practices/informal-traders/").json()
    assert detail["transferability"] == {"started": 1, "sustained": 0, "share": 0.0}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"stage": "interested"}, None),  # no change: accepted
        ({"stage": "abandoned"}, "stage_note"),
        ({"stage": "flying"}, "stage"),
        ({"stage": "studying", "stage_on": "tomorrow"}, "stage_on"),
        ({"results": [{"indicator": 9, "value_after": 1}]}, "results"),
        ({"results": [{"indicator": "one"}]}, "results"),
        ({"mentor_city": "nowhere"}, "mentor_city"),
    ],
)
def test_the_api_names_the_bad_field(api, adoption, body, field):
    response = api.patch(f"/api/v1/adoptions/{adoption.pk}/", body, format="json")
    if field is None:
        assert response.status_code == 200
    else:
        assert response.status_code == 400, response.json()
        assert field in response.json()


def test_the_api_refuses_other_cities_and_unknown_adoptions(adoption):
    other = AdoptionFactory()
    client = APIClient()
    client.force_authenticate(adoption.stage_changes.get().by)
    url = f"/api/v1/adoptions/{other.pk}/"
    assert client.patch(url, {"stage": "studying"}, format="json").status_code == 403
    assert client.patch("/api/v1/adoptions/999999/", {}, format="json").status_code == 404
    assert APIClient().patch(url, {"stage": "studying"}, format="json").status_code in (401, 403)


def test_the_api_filters_by_stage_old_names_included(api, adoption):
    AdoptionFactory(stage="sustained")
    assert api.get("/api/v1/adoptions/?stage=interested").json()["count"] == 1
    assert api.get("/api/v1/adoptions/?stage=adopted").json()["count"] == 1
    assert api.get("/api/v1/adoptions/?stage=flying").status_code == 400


def test_the_adoption_list_queries_do_not_grow(practice):
    def grow():
        for _ in range(3):
            adoption = AdoptionFactory(practice=practice, mentor_city=CityFactory())
            AdoptionStageChangeFactory(adoption=adoption)
            AdoptionResult.objects.create(
                adoption=adoption, result=practice.results.get(), value_after=1
            )

    grow()
    assert_constant_queries(lambda: APIClient().get("/api/v1/adoptions/"), grow)


# A step dated as precisely as the sources date it


def test_a_step_known_to_the_month_is_saved_on_the_first_and_refused_elsewhere(adoption):
    AdoptionStageChange.objects.create(
        adoption=adoption,
        stage="studying",
        previous_stage="interested",
        reached_on="2013-06-01",
        reached_on_precision="month",
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        AdoptionStageChange.objects.create(
            adoption=adoption,
            stage="adapting",
            previous_stage="studying",
            reached_on="2013-08-15",
            reached_on_precision="month",
        )
    step = AdoptionStageChange(
        adoption=adoption,
        stage="adapting",
        previous_stage="studying",
        reached_on=datetime.date(2013, 8, 15),
        reached_on_precision="month",
    )
    with pytest.raises(ValidationError) as refused:
        step.full_clean()
    assert "reached_on" in refused.value.message_dict


def test_a_step_known_to_the_month_reads_as_the_month_on_the_page_and_in_the_api(
    adoption, practice
):
    AdoptionStageChange.objects.create(
        adoption=adoption,
        stage="studying",
        previous_stage="interested",
        reached_on="2013-06-01",
        reached_on_precision="month",
    )
    page = Client().get(practice.get_absolute_url()).content.decode()
    assert "June 2013" in page and "1 June 2013" not in page
    assert "7 November 2012" in page  # a step known to the day
    steps = APIClient().get(f"/api/v1/adoptions/{adoption.pk}/").json()["stage_changes"]
    assert [(s["reached_on"], s["reached_on_precision"]) for s in steps] == [
        ("2012-11-07", "day"),
        ("2013-06-01", "month"),
    ]
