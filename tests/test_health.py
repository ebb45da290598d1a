"""`/healthz`: 200 when the database answers, 503 when it does not."""

from django.db import OperationalError

from portal import health


def test_healthy_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_unavailable_when_the_database_does_not_answer(client, db, monkeypatch):
    class UnreachableDatabase:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr(health, "connection", UnreachableDatabase())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_outside_the_language_prefixes(client, db):
    assert client.get("/fr/healthz").status_code == 404
    assert client.post("/healthz").status_code == 405
