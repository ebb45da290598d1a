"""The dossier's PDF as open data: rendered with its stylesheet under the production
static storage, tagged (PDF/UA-1) with XMP metadata (title, language, licence), in the
reader's language, and linking to the public site rather than the address the server
was reached by."""

import io
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from pypdf import PdfReader

from exchanges.models import EventStatus, EventTranslation
from portal import dossier_pdf
from tests.factories import EventFactory, ParticipationFactory

pytestmark = pytest.mark.django_db

INTERNAL_HOST = "10.0.0.7:8631"


@pytest.fixture(autouse=True)
def public_site(settings):
    settings.SITE_URL = "https://peercities.example.org"
    settings.ALLOWED_HOSTS = ["*"]


@pytest.fixture
def event():
    event = EventFactory(
        slug="maputo-2012", title="Hygiene, health and markets", status=EventStatus.HELD
    )
    ParticipationFactory(event=event)
    return event


def pdf_of(client, url: str) -> PdfReader:
    response = client.get(url, HTTP_HOST=INTERNAL_HOST)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content))


def text_of(reader: PdfReader) -> str:
    return "".join("".join(page.extract_text() for page in reader.pages).split())


def test_the_pdf_is_tagged_with_its_title_language_and_licence(client, event):
    reader = pdf_of(client, "/events/maputo-2012/dossier/?format=pdf")
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en"
    assert reader.metadata.title == "Dossier: Hygiene, health and markets · PeerCities"
    xmp = reader.xmp_metadata
    assert xmp.dc_title["x-default"] == "Dossier: Hygiene, health and markets · PeerCities"
    assert xmp.dc_language == ["en"]
    assert "https://creativecommons.org/licenses/by/4.0/" in xmp.dc_rights["x-default"]
    assert b"pdfuaid:part" in xmp.stream.get_data()


def test_the_footer_shows_the_public_site_not_the_servers_address(client, event):
    text = text_of(pdf_of(client, "/events/maputo-2012/dossier/?format=pdf"))
    assert "https://peercities.example.org/events/maputo-2012/dossier/" in text
    assert INTERNAL_HOST not in text
    html = client.get("/events/maputo-2012/dossier/", HTTP_HOST=INTERNAL_HOST).content.decode()
    assert INTERNAL_HOST not in html


def test_the_french_dossier_shows_the_french_title(client, event):
    EventTranslation.objects.create(
        event=event, language="fr", title="Hygiène, santé et marchés", summary="Résumé."
    )
    reader = pdf_of(client, "/fr/events/maputo-2012/dossier/?format=pdf")
    assert "Hygiène,santéetmarchés" in text_of(reader)
    assert "Hygiène, santé et marchés" in reader.metadata.title
    assert reader.trailer["/Root"]["/Lang"] == "fr"
    html = client.get("/fr/events/maputo-2012/dossier/").content.decode()
    assert '<h1 class="cover-title">Hygiène, santé et marchés</h1>' in html


def test_the_pdf_keeps_its_stylesheet_under_the_manifest_storage(client, event, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    # Only the project's own static files: the npm libraries play no part in a dossier.
    settings.STATICFILES_DIRS = [Path(django_settings.BASE_DIR) / "static"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    settings.DEBUG = False
    call_command("collectstatic", interactive=False, verbosity=0)
    read = []
    real_static_file = dossier_pdf.static_file

    def spy(url):
        found = real_static_file(url)
        read.append(found)
        return found

    with mock.patch.object(dossier_pdf, "static_file", side_effect=spy):
        pdf_of(client, "/events/maputo-2012/dossier/?format=pdf")
    stylesheets = [path for path in read if path is not None and path.suffix == ".css"]
    # The hashed copies, read from STATIC_ROOT.
    assert {path.name.split(".")[0] for path in stylesheets} >= {"palette", "dossier"}
    assert all(path.is_relative_to(tmp_path) and path.name.count(".") == 2 for path in stylesheets)
