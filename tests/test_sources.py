"""Provenance: sources, citations and quotes, their constraints, and how the API and
the pages show them (docs/provenance.md)."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from sources.models import Citation, Quote, Source
from tests.factories import (
    AdoptionFactory,
    CitationFactory,
    CityFactory,
    EventFactory,
    PartnershipFactory,
    PracticeFactory,
    ResultFactory,
    SourceFactory,
)
from tests.utils import assert_constant_queries

pytestmark = pytest.mark.django_db


def refused(create) -> bool:
    try:
        with transaction.atomic():
            create()
    except IntegrityError:
        return True
    return False


def test_a_web_record_needs_its_address():
    SourceFactory(kind="web-record", url="https://www.uclg.org/news")
    assert refused(lambda: SourceFactory(kind="web-record", url=""))
    SourceFactory(kind="handbook", url="")  # a document may have no address


def test_a_source_year_is_in_range():
    SourceFactory(year=1919)
    assert refused(lambda: SourceFactory(year=1800))


def test_citation_positions_start_at_one_and_are_unique_per_record():
    practice = PracticeFactory()
    CitationFactory(record=practice, position=1)
    assert refused(lambda: CitationFactory(record=practice, position=1))
    assert refused(lambda: CitationFactory(record=practice, position=0))
    CitationFactory(record=PracticeFactory(), position=1)  # another record's first


def test_a_quote_has_words_and_a_speaker():
    event = EventFactory()
    kind = ContentType.objects.get_for_model(event)
    Quote.objects.create(
        text="Seeing what others do", speaker="R. Dobson", content_type=kind, object_id=event.pk
    )
    assert refused(
        lambda: Quote.objects.create(
            text="", speaker="X", content_type=kind, object_id=event.pk, position=2
        )
    )
    assert refused(
        lambda: Quote.objects.create(
            text="Words", speaker="", content_type=kind, object_id=event.pk, position=3
        )
    )


def test_citations_attach_only_to_records_that_carry_sources():
    citation = CitationFactory.build(record=CityFactory(), source=SourceFactory())
    with pytest.raises(ValidationError) as error:
        citation.full_clean()
    assert "content_type" in error.value.message_dict


def test_a_citation_supports_a_field_of_its_record():
    CitationFactory.build(
        record=PracticeFactory(), source=SourceFactory(), supports="results"
    ).full_clean()
    citation = CitationFactory.build(
        record=PracticeFactory(), source=SourceFactory(), supports="colour"
    )
    with pytest.raises(ValidationError) as error:
        citation.full_clean()
    assert "supports" in error.value.message_dict


def test_deleting_a_record_deletes_its_citations_not_its_sources():
    practice = PracticeFactory()
    citation = CitationFactory(record=practice)
    practice.delete()
    assert not Citation.objects.filter(pk=citation.pk).exists()
    assert Source.objects.filter(pk=citation.source_id).exists()


def test_event_detail_lists_sources_publications_and_quotes(client):
    event = EventFactory(start_date=datetime.date(2012, 11, 7), end_date=datetime.date(2012, 11, 9))
    report = SourceFactory(kind="learning-report", title="Hygiene, health and markets")
    CitationFactory(record=event, source=report, locator="p. 3", quote="Markets need drainage")
    CitationFactory(
        record=event,
        source=SourceFactory(kind="web-record", url="https://mile.org.za/n"),
        supports="start_date",
    )
    Quote.objects.create(
        text="Seeing what others do is always inspirational.",
        speaker="Richard Dobson",
        content_type=ContentType.objects.get_for_model(event),
        object_id=event.pk,
    )
    body = client.get(f"/api/v1/events/{event.slug}/").json()
    assert [c["source"]["kind"] for c in body["sources"]] == ["learning-report", "web-record"]
    assert body["sources"][1]["supports"] == "start_date"
    assert [p["title"] for p in body["publications"]] == ["Hygiene, health and markets"]
    assert body["quotes"][0]["speaker"] == "Richard Dobson"
    assert body["sdgs_mapped_later"] is True
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Hygiene, health and markets" in page and "Richard Dobson" in page


def test_sdgs_of_an_event_before_september_2015_read_as_mapped_later(client):
    from base.models import SDG

    before = EventFactory(
        start_date=datetime.date(2015, 4, 21), end_date=datetime.date(2015, 4, 21)
    )
    after = EventFactory(
        start_date=datetime.date(2015, 10, 13), end_date=datetime.date(2015, 10, 16)
    )
    for event in (before, after):
        event.sdgs.set([SDG.objects.get(number=8)])
    assert "Mapped later" in client.get(before.get_absolute_url()).content.decode()
    assert "Mapped later" not in client.get(after.get_absolute_url()).content.decode()
    assert client.get(f"/api/v1/events/{after.slug}/").json()["sdgs_mapped_later"] is False


def test_practice_shows_which_statements_are_sourced_and_who_reported_the_rest(client, official):
    practice = PracticeFactory(submitted_by=official, description="Bridging courses.")
    ResultFactory(practice=practice)
    CitationFactory(record=practice, supports="results", locator="section 2")
    body = client.get(f"/api/v1/practices/{practice.slug}/").json()
    statements = {s["statement"]: s["sourced"] for s in body["statements"]}
    assert statements["results"] is True
    assert statements["description"] is False
    assert "start_year" not in statements  # no years: nothing stated, nothing to source
    assert body["reported_by"]["slug"] == official.membership.city.slug
    page = client.get(practice.get_absolute_url()).content.decode()
    assert "Sourced" in page
    assert "supports: results" in page  # the field, as readers know it
    assert f"Reported by {official.membership.city.name}" in page


def test_practice_page_shows_every_criterion_and_whose_they_are(client):
    from base.models import Criterion

    practice = PracticeFactory()
    practice.criteria.set([Criterion.objects.get(slug="innovation")])
    page = client.get(practice.get_absolute_url()).content.decode()
    assert "criterion-met" in page and "criterion-unmet" in page
    assert "Meets 1 of the 3 criteria the Maputo roadmap names" in page
    # The handbook's threshold is about other criteria, which it does not name.
    assert "at least three criteria of the ILO" in page


def test_a_record_without_sources_says_so(client):
    practice = PracticeFactory()
    page = client.get(practice.get_absolute_url()).content.decode()
    assert "No source is recorded" in page
    assert client.get(f"/api/v1/practices/{practice.slug}/").json()["sources"] == []


def test_partnership_list_queries_do_not_grow_with_citations(client):
    def grow():
        for _ in range(3):
            partnership = PartnershipFactory()
            CitationFactory(record=partnership)
            CitationFactory(record=partnership)

    grow()
    assert_constant_queries(lambda: client.get("/api/v1/partnerships/"), grow)
    first = client.get("/api/v1/partnerships/").json()["results"][0]
    assert len(first["sources"]) == 2


def test_adoption_list_queries_do_not_grow_with_citations(client):
    def grow():
        for _ in range(3):
            CitationFactory(record=AdoptionFactory())

    grow()
    assert_constant_queries(lambda: client.get("/api/v1/adoptions/"), grow)


def test_practice_and_event_details_do_not_grow_with_citations(client):
    practice = PracticeFactory()
    event = EventFactory()

    def grow():
        for _ in range(3):
            CitationFactory(record=practice)
            CitationFactory(record=event)

    assert_constant_queries(lambda: client.get(f"/api/v1/practices/{practice.slug}/"), grow)
    assert_constant_queries(lambda: client.get(practice.get_absolute_url()), grow)
    assert_constant_queries(lambda: client.get(event.get_absolute_url()), grow)


def test_curators_edit_a_records_sources_and_quotes_in_the_admin(client, admin_user):
    event = EventFactory()
    CitationFactory(record=event, locator="section 5, note 31")
    practice = PracticeFactory()
    client.force_login(admin_user)
    for url in (
        f"/admin/exchanges/event/{event.pk}/change/",
        f"/admin/practices/practice/{practice.pk}/change/",
        f"/admin/cities/partnership/{PartnershipFactory().pk}/change/",
        f"/admin/practices/adoption/{AdoptionFactory().pk}/change/",
        "/admin/sources/source/",
        "/admin/sources/citation/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    page = client.get(f"/admin/exchanges/event/{event.pk}/change/").content.decode()
    assert "section 5, note 31" in page
