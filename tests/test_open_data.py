"""The open data for crawlers and data portals: sitemap.xml, robots.txt, the DCAT-AP
catalogue and the nightly bulk dumps."""

import csv
import io
import json
import xml.etree.ElementTree as ET

import icalendar
import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from config.celery import app as celery_app
from portal import dumps
from portal.tasks import write_open_data_dumps
from practices.models import PracticeStatus
from tests.factories import (
    ChallengeFactory,
    CityFactory,
    EventFactory,
    PracticeFactory,
    RoadmapFactory,
)
from tests.utils import assert_constant_queries

pytestmark = pytest.mark.django_db

SITE = "https://peercities.example.org"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture(autouse=True)
def public_site(settings, tmp_path):
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = ["*"]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def records():
    maputo = CityFactory(slug="maputo", name="Maputo")
    event = EventFactory(slug="maputo-2012", host_city=maputo, title="Markets, and decent work")
    RoadmapFactory(slug="maputo-roadmap", event=event)
    PracticeFactory(slug="markets", city=maputo)
    PracticeFactory(slug="draft", city=maputo, status=PracticeStatus.DRAFT, published_at=None)
    ChallengeFactory(slug="market-vendors", city=maputo)


def sitemap_urls(client) -> dict:
    response = client.get("/sitemap.xml", HTTP_HOST="10.0.0.7:8631")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return {
        url.find(f"{SITEMAP}loc").text: {
            link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")
        }
        for url in root.findall(f"{SITEMAP}url")
    }


def test_the_sitemap_lists_every_public_page_in_every_language(client, records):
    urls = sitemap_urls(client)
    for path in (
        "/",
        "/cities/maputo/",
        "/events/maputo-2012/",
        "/roadmaps/maputo-roadmap/",
        "/practices/markets/",
        "/challenges/",
        "/challenges/market-vendors/",
    ):
        assert f"{SITE}{path}" in urls
        for language in ("fr", "es", "pt"):
            assert f"{SITE}/{language}{path}" in urls
    alternates = urls[f"{SITE}/fr/practices/markets/"]
    assert alternates == {
        "en": f"{SITE}/practices/markets/",
        "fr": f"{SITE}/fr/practices/markets/",
        "es": f"{SITE}/es/practices/markets/",
        "pt": f"{SITE}/pt/practices/markets/",
        "x-default": f"{SITE}/practices/markets/",
    }
    # Unpublished practices stay out; nothing names the host the request came by.
    assert not any("draft" in url or "10.0.0.7" in url for url in urls)


def test_the_sitemap_keeps_a_constant_query_count(client, records):
    assert_constant_queries(
        lambda: client.get("/sitemap.xml"),
        lambda: [PracticeFactory(), EventFactory(), CityFactory(), RoadmapFactory()],
    )


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_private_areas(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    for path in ("/admin/", "/accounts/", "/review/", "/fr/accounts/", "/pt/review/"):
        assert f"Disallow: {path}" in lines
    assert f"Sitemap: {SITE}/sitemap.xml" in lines
    assert "Disallow: /" not in lines  # the public pages stay open


def test_the_catalogue_describes_each_dataset_and_its_distributions(client, records):
    dumps.write_dumps()
    for url in ("/catalog.jsonld", "/.well-known/dcat"):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/ld+json")
    catalogue = json.loads(response.content)
    assert catalogue["@type"] == "dcat:Catalog"
    assert catalogue["@context"]["dcat"] == "http://www.w3.org/ns/dcat#"
    assert catalogue["dct:license"] == {"@id": "https://creativecommons.org/licenses/by/4.0/"}
    datasets = {dataset["dct:identifier"]: dataset for dataset in catalogue["dcat:dataset"]}
    assert set(datasets) == {"cities", "events", "roadmaps", "practices"}
    assert all(dataset["@type"] == "dcat:Dataset" for dataset in datasets.values())
    downloads = {
        distribution["dcat:downloadURL"]["@id"]: distribution
        for distribution in datasets["events"]["dcat:distribution"]
    }
    assert {
        f"{SITE}/api/v1/events/",
        f"{SITE}/api/v1/events/?format=csv",
        f"{SITE}/api/v1/events/?format=ics",
        f"{SITE}/data/events.csv",
        f"{SITE}/data/events.ics",
        f"{SITE}/data/events.json",
    } == set(downloads)
    ics = downloads[f"{SITE}/data/events.ics"]
    assert ics["dcat:mediaType"]["@id"].endswith("/text/calendar")
    assert "dct:modified" in ics
    city_formats = {d["dcat:mediaType"]["@id"] for d in datasets["cities"]["dcat:distribution"]}
    assert "https://www.iana.org/assignments/media-types/application/geo+json" in city_formats


def dump(client, filename: str):
    response = client.get(f"/data/{filename}")
    assert response.status_code == 200, filename
    return b"".join(response.streaming_content).decode("utf-8")


def test_the_nightly_task_writes_every_dump_with_its_readme(client, records):
    schedule = {entry["task"] for entry in celery_app.conf.beat_schedule.values()}
    assert "portal.tasks.write_open_data_dumps" in schedule
    write_open_data_dumps.delay()

    cities = json.loads(dump(client, "cities.geojson"))
    assert cities["type"] == "FeatureCollection"
    assert [feature["id"] for feature in cities["features"]] == ["maputo"]
    rows = list(csv.DictReader(io.StringIO(dump(client, "practices.csv"))))
    # What an anonymous client sees: published practices only.
    assert [row["slug"] for row in rows] == ["markets"]
    calendar = icalendar.Calendar.from_ical(dump(client, "events.ics"))
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Markets, and decent work"
    assert str(event["URL"]) == f"{SITE}/events/maputo-2012/"
    assert str(calendar["X-WR-CALNAME"]) == "Peer learning exchanges"
    roadmaps = json.loads(dump(client, "roadmaps.json"))
    assert [roadmap["slug"] for roadmap in roadmaps] == ["maputo-roadmap"]
    events = json.loads(dump(client, "events.json"))
    assert events[0]["slug"] == "maputo-2012"
    readme = dump(client, "README.md")
    assert "https://creativecommons.org/licenses/by/4.0/" in readme
    for filename in dumps.dump_filenames() - {"README.md"}:
        assert f"### {filename}" in readme
    assert "- `slug`" in readme


def test_a_dump_is_served_only_once_complete_and_old_runs_are_dropped(client, records):
    assert client.get("/data/cities.csv").status_code == 404  # none written yet
    first = dumps.write_dumps()
    # A run cut short (no README yet) is not served: the last complete one is.
    default_storage.save("open-data/99990101T000000000000Z/cities.csv", io.BytesIO(b"broken"))
    served = dump(client, "cities.csv")
    assert served != "broken" and "maputo" in served
    assert dumps.latest_run() == first
    default_storage.delete("open-data/99990101T000000000000Z/cities.csv")
    default_storage.delete("open-data/99990101T000000000000Z")
    dumps.write_dumps()
    third = dumps.write_dumps()
    folders, _ = default_storage.listdir("open-data")
    assert len(folders) == dumps.RUNS_KEPT
    assert dumps.latest_run() == third and first not in folders


@pytest.mark.parametrize(
    "filename", ["passwd", "..%2F..%2Fsettings.py", "cities.exe", "README.md.bak"]
)
def test_only_the_dumps_files_are_served(client, records, filename):
    dumps.write_dumps()
    assert client.get(f"/data/{filename}").status_code == 404


def test_a_dump_refuses_writes(client, records):
    dumps.write_dumps()
    assert client.post("/data/cities.csv").status_code == 405


def test_the_command_writes_the_dumps(records, settings):
    out = io.StringIO()
    call_command("write_dumps", stdout=out)
    assert str(settings.MEDIA_ROOT) in out.getvalue()
    assert dumps.latest_run() is not None
