"""An official keeps their own city's profile current through the web form."""

import pytest
from django.urls import reverse

from base.models import Sector

pytestmark = pytest.mark.django_db


def test_official_edits_their_city_through_the_form(client, official, city):
    client.force_login(official)
    url = reverse("city-edit", args=[city.slug])
    assert client.get(url).status_code == 200
    sector = Sector.objects.first()
    response = client.post(
        url,
        {
            "description": "Capital of Mozambique.",
            "website": "https://www.cmmaputo.gov.mz",
            "population": "1100000",
            "population_year": "2017",
            "sectors": [sector.pk],
        },
    )
    assert response.status_code == 302
    city.refresh_from_db()
    assert city.description == "Capital of Mozambique."
    assert list(city.sectors.all()) == [sector]


def test_form_errors_name_the_field(client, official, city):
    client.force_login(official)
    response = client.post(reverse("city-edit", args=[city.slug]), {"website": "not a url"})
    assert response.status_code == 200
    assert "Website" in response.content.decode()


@pytest.mark.parametrize("who", ["other_official", "partner", "unverified"])
def test_others_cannot_edit_the_city(client, request, who, city):
    client.force_login(request.getfixturevalue(who))
    url = reverse("city-edit", args=[city.slug])
    assert client.get(url).status_code == 403
    assert client.post(url, {"description": "Hacked"}).status_code == 403
    city.refresh_from_db()
    assert city.description != "Hacked"
