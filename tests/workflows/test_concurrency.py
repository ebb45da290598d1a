"""Many officials register delegates through the API at the same moment: confirmed
registrations never exceed the capacity, and none is lost."""

import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from exchanges.models import Registration, RegistrationStatus

CLIENTS = 20


# Row locks need PostgreSQL.
@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_api_registrations_never_exceed_capacity(official, open_event):
    open_event.capacity = 5
    open_event.save()
    url = f"/api/v1/events/{open_event.slug}/registrations/"
    barrier = threading.Barrier(CLIENTS)
    codes, errors = [], []

    def worker(n):
        try:
            api = APIClient()
            api.force_authenticate(official)
            barrier.wait()
            response = api.post(
                url,
                {"name": f"D{n}", "email": f"d{n}@example.org", "role": "ngo", "consent": True},
                format="json",
            )
            codes.append(response.status_code)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert codes == [201] * CLIENTS
    statuses = list(Registration.objects.filter(event=open_event).values_list("status", flat=True))
    assert len(statuses) == CLIENTS
    assert statuses.count(RegistrationStatus.CONFIRMED) == 5
    assert statuses.count(RegistrationStatus.WAITLISTED) == CLIENTS - 5
