import io
from unittest import mock

import pytest
from django.core.cache import cache
from pypdf import PdfReader

from base.models import SDG, Pillar
from exchanges.models import ActionStatus, EventStatus, ParticipationRole
from exchanges.services import update_action_status
from portal.dossier_pdf import static_file, url_fetcher
from portal.dossier_renders import DossierPdf, claim_render
from portal.tasks import render_dossier_pdf
from practices.models import PracticeStatus
from tests.factories import (
    ActionFactory,
    AdoptionFactory,
    CityFactory,
    CommitmentFactory,
    EventFactory,
    OrganizationFactory,
    ParticipationFactory,
    PracticeFactory,
    RoadmapFactory,
)
from tests.utils import assert_constant_queries

pytestmark = pytest.mark.django_db


def dossier_url(event, **params):
    query = "&".join(f"{name}={value}" for name, value in params.items())
    return f"/events/{event.slug}/dossier/" + (f"?{query}" if query else "")


@pytest.fixture
def held_event(curator):
    host = CityFactory(slug="maputo", name="Maputo")
    event = EventFactory(
        slug="maputo-markets-2012",
        title="Hygiene, health and markets",
        host_city=host,
        status=EventStatus.HELD,
        objectives="Learn how to **improve** market conditions.<script>alert(1)</script>",
        outcomes="A roadmap on South-South cooperation.",
    )
    event.organizers.add(OrganizationFactory(name="United Cities and Local Governments"))
    event.supporters.add(OrganizationFactory(name="Cities Alliance"))
    event.pillars.add(Pillar.objects.get(slug="employment"))
    event.sdgs.add(SDG.objects.get(number=8))
    ParticipationFactory(event=event, city=host, role=ParticipationRole.HOST, delegation_size=12)
    for name in ("Durban", "Belo Horizonte", "Porto Alegre"):
        ParticipationFactory(event=event, city=CityFactory(name=name), delegation_size=2)
    roadmap = RoadmapFactory(event=event, title="Maputo roadmap")
    commitment = CommitmentFactory(roadmap=roadmap, number=1, text="Keep learning together.")
    action = ActionFactory(roadmap=roadmap, commitment=commitment, title="Vendors project")
    update_action_status(
        action=action, status=ActionStatus.IN_PROGRESS, by=curator, note="First visit held."
    )
    practice = PracticeFactory(title="Market vendors' committees", city=host)
    practice.events.add(event)
    practice.pillars.add(Pillar.objects.get(slug="social-dialogue"))
    practice.sdgs.add(SDG.objects.get(number=11))
    AdoptionFactory(practice=practice, city=CityFactory(name="Xai-Xai"), event=event)
    return event


def test_the_dossier_page_shows_the_event_and_what_it_led_to(client, held_event):
    response = client.get(dossier_url(held_event))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Hygiene, health and markets" in html
    for city in ("Maputo", "Durban", "Belo Horizonte", "Porto Alegre"):
        assert city in html
    for text in (
        "United Cities and Local Governments",
        "Cities Alliance",
        "Maputo roadmap",
        "Keep learning together.",
        "Vendors project",
        "First visit held.",
        "Market vendors&#x27; committees",
        "Xai-Xai",
        "badge-pillar-social-dialogue",
        "<strong>improve</strong>",
        "18 delegates recorded",
    ):
        assert text in html, text
    assert "<script" not in html  # the objectives' Markdown is sanitized, and no inline JS
    assert f'href="{dossier_url(held_event, format="pdf")}"' in html or '"?format=pdf"' in html


def test_the_dossier_leaves_out_what_is_empty(client):
    event = EventFactory(title="A seminar without records", outcomes="", objectives="")
    ParticipationFactory(event=event)

    html = client.get(dossier_url(event)).content.decode()

    for heading in ("Objectives", "Outcomes", "Roadmap adopted", "Good practices presented"):
        assert f">{heading}</h2>" not in html
    assert "What followed" not in html


def test_the_dossier_lists_the_host_even_when_not_a_participant(client):
    event = EventFactory(host_city=CityFactory(name="Odienné"))
    ParticipationFactory(event=event, city=CityFactory(name="Korhogo"))

    html = client.get(dossier_url(event)).content.decode()

    assert "Odienné" in html and "Korhogo" in html


def test_unpublished_practices_and_their_adoptions_stay_out_of_the_dossier(client, held_event):
    draft = PracticeFactory(title="A draft practice", status=PracticeStatus.DRAFT)
    draft.events.add(held_event)
    AdoptionFactory(practice=draft, city=CityFactory(name="Matola"), event=held_event)

    html = client.get(dossier_url(held_event)).content.decode()

    assert "A draft practice" not in html
    assert "Matola" not in html


def test_the_pdf_holds_the_title_and_every_participating_city(client, held_event):
    response = client.get(dossier_url(held_event, format="pdf"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="maputo-markets-2012-dossier.pdf"' in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    text = " ".join(text.split())
    assert "Hygiene, health and markets" in text
    for city in ("Maputo", "Durban", "Belo Horizonte", "Porto Alegre"):
        assert city in text
    assert f"Page 1 of {len(reader.pages)}" in text


def test_a_pdf_longer_than_a_page_loses_no_participant(client):
    event = EventFactory(title="Africities summit")
    names = [f"Municipality {n:02}" for n in range(1, 81)]
    for name in names:
        ParticipationFactory(event=event, city=CityFactory(name=name))

    reader = PdfReader(io.BytesIO(client.get(dossier_url(event, format="pdf")).content))

    assert len(reader.pages) > 2
    text = " ".join(page.extract_text() for page in reader.pages)
    assert all(name in text for name in names)


@pytest.mark.parametrize("status", [EventStatus.PLANNED, EventStatus.OPEN, EventStatus.CANCELLED])
def test_an_event_not_held_has_no_dossier(client, status):
    event = EventFactory(status=status)

    for response in (client.get(dossier_url(event)), client.get(dossier_url(event, format="pdf"))):
        assert response.status_code == 404
        assert response["Content-Type"].startswith("text/html")
        assert event.title in response.content.decode()


def test_an_unknown_event_has_no_dossier(client):
    assert client.get("/events/nowhere-2012/dossier/").status_code == 404


def test_an_unknown_format_is_refused(client, held_event):
    assert client.get(dossier_url(held_event, format="docx")).status_code == 400


def test_the_event_page_links_the_dossier_only_once_held(client, held_event):
    planned = EventFactory(status=EventStatus.PLANNED)

    assert dossier_url(held_event) in client.get(held_event.get_absolute_url()).content.decode()
    assert dossier_url(planned) not in client.get(planned.get_absolute_url()).content.decode()


def test_the_dossier_queries_do_not_grow_with_its_content(client, held_event, curator):
    roadmap = held_event.roadmaps.get()

    def grow():
        for name in ("Dakar", "Rabat", "Lleida"):
            city = CityFactory(name=name)
            ParticipationFactory(event=held_event, city=city)
            action = ActionFactory(roadmap=roadmap, commitment=CommitmentFactory(roadmap=roadmap))
            action.responsible_cities.add(city)
            update_action_status(action=action, status=ActionStatus.DONE, by=curator)
            practice = PracticeFactory(city=city)
            practice.events.add(held_event)
            practice.pillars.add(Pillar.objects.get(slug="employment"))
            practice.sdgs.add(SDG.objects.get(number=1))
            AdoptionFactory(practice=practice, city=CityFactory(), event=held_event)

    assert_constant_queries(lambda: client.get(dossier_url(held_event)), grow)


def test_the_pdf_reads_stylesheets_from_disk_and_fetches_nothing_else():
    assert static_file("http://testserver/static/css/dossier.css").name == "dossier.css"
    assert static_file("http://testserver/static/../manage.py") is None
    assert static_file("https://example.org/tracker.png") is None
    with pytest.raises(ValueError):
        url_fetcher("https://example.org/tracker.png")
    fetched = url_fetcher("http://testserver/static/css/dossier.css")
    assert fetched["mime_type"] == "text/css"
    assert b"@page" in fetched["string"]


def test_collected_static_files_are_read_from_static_root(settings, tmp_path):
    # In production the stylesheet's URL names its hashed copy, found in STATIC_ROOT only.
    settings.STATIC_ROOT = tmp_path
    (tmp_path / "css").mkdir()
    hashed = tmp_path / "css" / "dossier.0123abcd.css"
    hashed.write_text("@page { size: A4 }")

    assert static_file("http://portal.example/static/css/dossier.0123abcd.css") == hashed
    assert static_file("http://portal.example/static/css/missing.css") is None


# The PDF is rendered once per content version and language, off the request path.


@pytest.fixture
def queued_renders():
    """The renders queued, not run: as with a broker and a busy worker."""
    with mock.patch.object(render_dossier_pdf, "delay") as delay:
        yield delay


def test_a_pdf_not_rendered_yet_is_queued_with_a_page_that_refreshes(
    client, held_event, queued_renders
):
    response = client.get(dossier_url(held_event, format="pdf"))

    assert response.status_code == 202
    assert response["Retry-After"] == "5"
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "The PDF of this dossier is being prepared" in html
    assert '<meta http-equiv="refresh" content="5">' in html
    queued_renders.assert_called_once()
    arguments = queued_renders.call_args.kwargs
    assert arguments["slug"] == held_event.slug and arguments["language"] == "en"

    # The worker renders it; the page's next refresh gets the PDF.
    assert render_dossier_pdf(**arguments) is True
    response = client.get(dossier_url(held_event, format="pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert queued_renders.call_count == 1
    # A second delivery of the same task renders nothing more.
    assert render_dossier_pdf(**arguments) is False


def test_repeated_requests_and_extra_query_strings_queue_one_render(
    client, held_event, queued_renders
):
    urls = [dossier_url(held_event, format="pdf")] + [
        dossier_url(held_event, format="pdf", nocache=n) for n in range(15)
    ]
    assert {client.get(url).status_code for url in urls} == {202}
    queued_renders.assert_called_once()


def test_a_pdf_is_rendered_once_per_language_and_content_version(client, held_event):
    with mock.patch("portal.dossier_renders.render_pdf", return_value=b"%PDF-1.7") as render:
        for query in ({}, {"x": 1}, {"utm_source": "mail"}):
            response = client.get(dossier_url(held_event, format="pdf", **query))
            assert response.status_code == 200 and response.content == b"%PDF-1.7"
        assert render.call_count == 1

        french = client.get(f"/fr{dossier_url(held_event, format='pdf')}")
        assert french.status_code == 200
        assert render.call_count == 2
        assert 'lang="fr"' in render.call_args.args[0]

        held_event.outcomes = "A roadmap, and a second visit."
        held_event.save()
        client.get(dossier_url(held_event, format="pdf"))
        assert render.call_count == 3
        assert "a second visit" in render.call_args.args[0]


def test_new_renders_are_throttled_per_client_but_waiting_is_not(client, settings, queued_renders):
    settings.DOSSIER_RENDER_RATE = "2/hour"
    cache.clear()
    events = [EventFactory() for _ in range(3)]
    assert client.get(dossier_url(events[0], format="pdf")).status_code == 202
    assert client.get(dossier_url(events[1], format="pdf")).status_code == 202

    refused = client.get(dossier_url(events[2], format="pdf"))
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "Too many dossiers asked for" in refused.content.decode()
    assert queued_renders.call_count == 2
    # Waiting for a render already queued costs nothing.
    for _ in range(5):
        assert client.get(dossier_url(events[0], format="pdf")).status_code == 202
    # Another client is not held back.
    other = client.get(dossier_url(events[2], format="pdf"), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 202
    cache.clear()


def test_a_render_is_queued_again_once_its_claim_lapses(client, held_event, queued_renders):
    client.get(dossier_url(held_event, format="pdf"))
    rendering = DossierPdf(**queued_renders.call_args.kwargs)
    assert claim_render(rendering) is False
    cache.delete(rendering.claim_key)  # what RENDER_CLAIM_SECONDS does after a lost render
    client.get(dossier_url(held_event, format="pdf"))
    assert queued_renders.call_count == 2
