"""A curator's change to an exchange in the admin is news like one made on the site:
its followers hear of it (and webhooks, through the same signal)."""

import pytest

from follows.models import Activity, ActivityKind, Follow
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def admin_form_data(response) -> dict:
    """The change form's fields as the browser would send them back unchanged: the main
    form and every inline formset with its management form."""
    data = {}

    def add(form):
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            key = form.add_prefix(name)
            if isinstance(value, list | tuple):
                data[key] = [str(item) for item in value]
            else:
                data[key] = "on" if value is True else str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = str(management[name].value())
        for form in formset.initial_forms:
            add(form)
    return data


def test_cancelling_an_exchange_in_the_admin_is_news_for_its_followers(
    client, admin_user, official, city
):
    event = EventFactory(host_city=city, status="planned", title="Street markets")
    Follow.objects.create(user=official, city=city, frequency="daily")
    client.force_login(admin_user)
    url = f"/admin/exchanges/event/{event.pk}/change/"
    data = admin_form_data(client.get(url))
    data["status"] = "cancelled"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event.refresh_from_db()
    assert event.status == "cancelled"
    (activity,) = Activity.objects.filter(title="Street markets")
    assert activity.kind == ActivityKind.EVENT_CANCELLED
    assert activity.actor == admin_user
