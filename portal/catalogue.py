"""The open-data catalogue in DCAT-AP (JSON-LD), at `/catalog.jsonld` (and
`/.well-known/dcat`): the datasets (cities, events, roadmaps, practices) and their
distributions, the API's lists in each of their formats and the nightly bulk dumps,
under the data's licence (DATA_LICENSE_URL)."""

from django.conf import settings
from django.urls import reverse

from base.site import site_absolute_url, site_url

from .dumps import DATASETS, FORMATS, Dataset, latest_run_time

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

# The EU's file types (the DCAT-AP vocabulary for dct:format); iCalendar has none there,
# its media type says it.
FILE_TYPES = {
    "csv": "http://publications.europa.eu/resource/authority/file-type/CSV",
    "geojson": "http://publications.europa.eu/resource/authority/file-type/GEOJSON",
    "json": "http://publications.europa.eu/resource/authority/file-type/JSON",
}

FORMAT_NAMES = {"csv": "CSV", "geojson": "GeoJSON", "ics": "iCalendar", "json": "JSON"}


def _reference(url: str) -> dict:
    return {"@id": url}


def _distribution(dataset: Dataset, output: str, *, url: str, kind: str, modified) -> dict:
    distribution = {
        "@id": f"{url}#distribution",
        "@type": "dcat:Distribution",
        "dct:title": f"{dataset.title} ({FORMAT_NAMES[output]}, {kind})",
        "dcat:accessURL": _reference(url),
        "dcat:downloadURL": _reference(url),
        "dcat:mediaType": _reference(
            f"https://www.iana.org/assignments/media-types/{FORMATS[output][1]}"
        ),
        "dct:license": _reference(settings.DATA_LICENSE_URL),
    }
    if output in FILE_TYPES:
        distribution["dct:format"] = _reference(FILE_TYPES[output])
    if modified is not None:
        distribution["dct:modified"] = {"@value": modified.isoformat(), "@type": "xsd:dateTime"}
    return distribution


def _distributions(dataset: Dataset, modified) -> list[dict]:
    api = site_absolute_url(dataset.api_path)
    from_api = [
        _distribution(
            dataset,
            output,
            url=api if output == "json" else f"{api}?format={output}",
            kind="API",
            modified=None,
        )
        for output in dataset.formats
    ]
    bulk = [
        _distribution(
            dataset,
            output,
            url=site_absolute_url(reverse("open-data-dump", args=[dataset.filename(output)])),
            kind="nightly dump",
            modified=modified,
        )
        for output in dataset.formats
    ]
    return from_api + bulk


def catalogue() -> dict:
    modified = latest_run_time()
    publisher = {
        "@id": f"{site_url()}/#publisher",
        "@type": "foaf:Agent",
        "foaf:name": "PeerCities",
        "foaf:homepage": _reference(site_url() + "/"),
    }
    return {
        "@context": CONTEXT,
        "@id": site_absolute_url(reverse("open-data-catalogue")),
        "@type": "dcat:Catalog",
        "dct:title": "PeerCities open data",
        "dct:description": (
            "The records of PeerCities, a city-to-city peer learning network on decent "
            "work: cities, peer learning exchanges, roadmaps and good practices."
        ),
        "dct:publisher": publisher,
        "dct:license": _reference(settings.DATA_LICENSE_URL),
        "foaf:homepage": _reference(site_url() + "/"),
        "dcat:dataset": [
            {
                "@id": site_absolute_url(dataset.api_path),
                "@type": "dcat:Dataset",
                "dct:identifier": dataset.name,
                "dct:title": str(dataset.title),
                "dct:description": str(dataset.description),
                "dct:publisher": {"@id": publisher["@id"]},
                "dct:license": _reference(settings.DATA_LICENSE_URL),
                "dcat:keyword": ["decent work", "cities", "peer learning", dataset.name],
                "dcat:landingPage": _reference(site_absolute_url(reverse(dataset.page))),
                "dcat:contactPoint": {
                    "@type": "vcard:Organization",
                    "vcard:fn": "PeerCities",
                    "vcard:hasURL": _reference(site_url() + "/"),
                },
                "dcat:distribution": _distributions(dataset, modified),
            }
            for dataset in DATASETS
        ],
    }
