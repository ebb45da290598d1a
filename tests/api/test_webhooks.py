"""Webhooks for partners (issue #17): subscriptions through the API, signed deliveries
by the task queue with retries and a log, and the refusals that keep the portal's own
network out of reach (SSRF)."""

import datetime
import hashlib
import hmac
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from base.models import FailedTask, Role
from exchanges.models import EventKind, EventStatus
from exchanges.services import save_event
from practices.models import PracticeStatus, ReviewDecision
from practices.services import decide_on_practice
from tests.factories import EventFactory, PracticeFactory, UserFactory
from tests.utils import assert_constant_queries, run_commit_callbacks
from webhooks import services, tasks
from webhooks.http import CheckedHTTPSConnection, is_public_address
from webhooks.models import Delivery, DeliveryStatus, EventType, Subscription

ALL_EVENTS = ["event.cancelled", "event.created", "event.updated", "practice.published"]


def verify(secret: str, headers, body: bytes, tolerance: int = 300) -> bool:
    """The partner's check, as the README gives it."""
    timestamp = headers["X-PeerCities-Timestamp"]
    signed = timestamp.encode() + b"." + body
    expected = "sha256=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    fresh = abs(time.time() - int(timestamp)) < tolerance
    return fresh and hmac.compare_digest(expected, headers["X-PeerCities-Signature"])


@pytest.fixture
def receiver(settings):
    """A partner's server on this machine: it records each request and answers with the
    next status of `answers` (200 once they run out)."""
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    settings.DEBUG = True  # plain HTTP to this machine: a developer's setup
    received, answers = [], []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append(SimpleNamespace(path=self.path, headers=self.headers, body=body))
            code = answers.pop(0) if answers else 200
            self.send_response(code)
            self.send_header("Content-Length", "7")
            if code == 302:
                self.send_header("Location", "/elsewhere")
            self.end_headers()
            self.wfile.write(b"thanks!")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield SimpleNamespace(
        url=f"http://127.0.0.1:{server.server_port}/hooks/peercities",
        received=received,
        answers=answers,
    )
    server.shutdown()
    server.server_close()


@pytest.fixture
def other_partner(db):
    return UserFactory(username="other-partner", groups=[Role.PARTNER])


def subscribe(owner, url, events=None, **kwargs) -> Subscription:
    return services.create_subscription(by=owner, url=url, events=events or ALL_EVENTS, **kwargs)


def ping(subscription) -> Delivery:
    delivery = services.ping_subscription(subscription=subscription, by=subscription.owner)
    run_commit_callbacks()
    delivery.refresh_from_db()
    return delivery


# The API: who may do what.


def test_anonymous_clients_get_a_401_and_officials_a_403(api, official):
    for method, path in [
        ("get", "/api/v1/webhooks/"),
        ("post", "/api/v1/webhooks/"),
        ("get", "/api/v1/webhooks/1/"),
        ("post", "/api/v1/webhooks/1/ping/"),
    ]:
        assert getattr(api, method)(path).status_code == 401
    api.force_authenticate(official)
    assert api.get("/api/v1/webhooks/").status_code == 403
    response = api.post(
        "/api/v1/webhooks/", {"url": "https://partner.example/", "events": ALL_EVENTS}, "json"
    )
    assert response.status_code == 403
    assert not Subscription.objects.exists()


def test_a_partner_registers_a_url_and_sees_its_secret_once(api, partner):
    api.force_authenticate(partner)
    response = api.post(
        "/api/v1/webhooks/",
        {"url": "https://partner.example/hooks", "events": ["practice.published"]},
        "json",
    )
    assert response.status_code == 201
    body = response.json()
    subscription = Subscription.objects.get()
    assert body["secret"] == subscription.secret and len(subscription.secret) >= 40
    assert subscription.owner == partner and subscription.active
    assert body["events"] == ["practice.published"]
    # Never again: not in the detail, the list nor an edit.
    assert "secret" not in api.get(f"/api/v1/webhooks/{subscription.pk}/").json()
    assert "secret" not in api.get("/api/v1/webhooks/").json()["results"][0]
    edited = api.patch(f"/api/v1/webhooks/{subscription.pk}/", {"active": False}, "json")
    assert edited.status_code == 200 and "secret" not in edited.json()
    # Another subscription gets another secret.
    other = api.post(
        "/api/v1/webhooks/",
        {"url": "https://partner.example/b", "events": ["event.created"]},
        "json",
    )
    assert other.json()["secret"] != body["secret"]


def test_a_curator_may_subscribe_too(api, curator):
    api.force_authenticate(curator)
    response = api.post(
        "/api/v1/webhooks/", {"url": "https://ilo.example/", "events": ["event.created"]}, "json"
    )
    assert response.status_code == 201


def test_a_partner_sees_and_changes_only_their_own_subscriptions(api, partner, other_partner):
    mine = subscribe(partner, "https://partner.example/")
    theirs = subscribe(other_partner, "https://other.example/")
    api.force_authenticate(partner)
    listed = api.get("/api/v1/webhooks/").json()["results"]
    assert [item["id"] for item in listed] == [mine.pk]
    base = f"/api/v1/webhooks/{theirs.pk}/"
    assert api.get(base).status_code == 404
    assert api.patch(base, {"url": "https://evil.example/"}, "json").status_code == 404
    assert api.delete(base).status_code == 404
    assert api.get(base + "deliveries/").status_code == 404
    assert api.post(base + "ping/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.url == "https://other.example/" and not theirs.deliveries.exists()
    assert api.delete(f"/api/v1/webhooks/{mine.pk}/").status_code == 204
    assert list(Subscription.objects.all()) == [theirs]


def test_the_services_refuse_others_too(partner, other_partner, official):
    theirs = subscribe(other_partner, "https://other.example/")
    with pytest.raises(PermissionDenied):
        services.update_subscription(subscription=theirs, by=partner, active=False)
    with pytest.raises(PermissionDenied):
        services.delete_subscription(subscription=theirs, by=partner)
    with pytest.raises(PermissionDenied):
        services.ping_subscription(subscription=theirs, by=partner)
    with pytest.raises(PermissionDenied):
        subscribe(official, "https://city.example/")


@pytest.mark.parametrize(
    "data, field",
    [
        ({"url": "http://partner.example/", "events": ALL_EVENTS}, "url"),
        ({"url": "ftp://partner.example/", "events": ALL_EVENTS}, "url"),
        ({"url": "not a url", "events": ALL_EVENTS}, "url"),
        ({"url": "https://partner.example/", "events": []}, "events"),
        ({"url": "https://partner.example/", "events": ["practice.deleted"]}, "events"),
        ({"url": "https://partner.example/", "events": ["ping"]}, "events"),
        ({"url": "https://partner.example/", "events": "practice.published"}, "events"),
        ({"url": "https://partner.example/"}, "events"),
        ({"url": "https://partner.example/", "events": ALL_EVENTS, "secret": "mine"}, None),
    ],
)
def test_bad_subscriptions_are_refused(api, partner, data, field):
    api.force_authenticate(partner)
    response = api.post("/api/v1/webhooks/", data, "json")
    if field is None:  # a secret of one's own is ignored: the portal makes it
        assert response.status_code == 201
        assert Subscription.objects.get().secret != "mine"
        return
    assert response.status_code == 400
    assert field in response.json()
    assert not Subscription.objects.exists()


def test_plain_http_is_for_localhost_while_debug_only(api, partner, settings):
    api.force_authenticate(partner)
    data = {"url": "http://localhost:8001/hooks", "events": ["event.created"]}
    settings.DEBUG = False
    assert api.post("/api/v1/webhooks/", data, "json").status_code == 400
    settings.DEBUG = True
    assert api.post("/api/v1/webhooks/", data, "json").status_code == 201
    bad_patch = api.patch(
        f"/api/v1/webhooks/{Subscription.objects.get().pk}/",
        {"url": "http://partner.example/"},
        "json",
    )
    assert bad_patch.status_code == 400


def test_a_partner_has_at_most_ten_subscriptions(partner):
    for n in range(services.MAX_SUBSCRIPTIONS_PER_OWNER):
        subscribe(partner, f"https://partner.example/{n}")
    with pytest.raises(ValidationError):
        subscribe(partner, "https://partner.example/one-more")


def test_the_lists_keep_a_constant_query_count(api, partner):
    api.force_authenticate(partner)
    subscription = subscribe(partner, "https://partner.example/")

    def grow():
        for n in range(3):
            subscribe(partner, f"https://partner.example/{n}")
            Delivery.objects.create(
                subscription=subscription, event_type=EventType.PING, payload={}
            )

    assert_constant_queries(lambda: api.get("/api/v1/webhooks/"), grow)
    assert_constant_queries(
        lambda: api.get(f"/api/v1/webhooks/{subscription.pk}/deliveries/"), grow
    )


def test_the_schema_documents_webhooks_as_signed_in_only(api):
    schema = api.get("/api/schema/", {"format": "json"}).json()
    for path in ["/api/v1/webhooks/", "/api/v1/webhooks/{id}/deliveries/"]:
        assert {} not in schema["paths"][path]["get"]["security"]
    assert "/api/v1/webhooks/{id}/ping/" in schema["paths"]


# Deliveries: signed, retried, logged.


def test_a_ping_is_signed_and_the_partner_verifies_it(api, partner, receiver):
    api.force_authenticate(partner)
    created = api.post(
        "/api/v1/webhooks/", {"url": receiver.url, "events": ["event.created"]}, "json"
    ).json()
    with transaction.atomic():
        response = api.post(f"/api/v1/webhooks/{created['id']}/ping/")
    assert response.status_code == 202
    run_commit_callbacks()
    [request] = receiver.received
    assert request.path == "/hooks/peercities"
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["X-PeerCities-Event"] == "ping"
    assert request.headers["X-PeerCities-Delivery"] == response.json()["id"]
    assert verify(created["secret"], request.headers, request.body)
    payload = json.loads(request.body)
    assert payload["id"] == response.json()["id"] and payload["type"] == "ping"
    assert set(payload) == {"id", "type", "created_at", "data"}
    # A changed body, another secret or an old timestamp fail the check.
    assert not verify(created["secret"], request.headers, request.body + b" ")
    assert not verify("another secret", request.headers, request.body)
    stale = {**request.headers, "X-PeerCities-Timestamp": str(int(time.time()) - 3600)}
    assert not verify(created["secret"], stale, request.body)
    # The log says it was delivered.
    log = api.get(f"/api/v1/webhooks/{created['id']}/deliveries/").json()["results"]
    assert log[0]["status"] == "delivered" and log[0]["status_code"] == 200
    assert log[0]["attempts"] == 1 and log[0]["response_excerpt"] == "thanks!"


def test_a_500_is_retried_until_it_succeeds(partner, receiver):
    receiver.answers.extend([500, 503, 429])
    delivery = ping(subscribe(partner, receiver.url))
    assert len(receiver.received) == 4
    # The same notification each time: same id, same body.
    assert {r.headers["X-PeerCities-Delivery"] for r in receiver.received} == {str(delivery.id)}
    assert len({r.body for r in receiver.received}) == 1
    assert delivery.status == DeliveryStatus.DELIVERED
    assert delivery.attempts == 4 and delivery.status_code == 200 and delivery.error == ""
    assert delivery.delivered_at is not None
    assert not FailedTask.objects.exists()


@pytest.mark.parametrize("code", [410, 400, 404, 302])
def test_a_4xx_or_a_redirect_is_not_retried(partner, receiver, code):
    receiver.answers.append(code)
    delivery = ping(subscribe(partner, receiver.url))
    assert len(receiver.received) == 1  # the redirect is not followed either
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.status_code == code and delivery.attempts == 1
    assert delivery.error == f"HTTP {code}"


def test_a_server_that_keeps_failing_is_given_up_and_recorded(partner, receiver):
    receiver.answers.extend([500] * 20)
    delivery = ping(subscribe(partner, receiver.url))
    assert len(receiver.received) == tasks.deliver.max_retries + 1
    assert delivery.status == DeliveryStatus.FAILED and delivery.status_code == 500
    failed = FailedTask.objects.get()
    assert failed.task_name == "webhooks.tasks.deliver"
    # Staff may queue it again (admin): it then runs, and is not sent once delivered.
    assert failed.arguments == {"args": [str(delivery.id)], "kwargs": {}}


def test_network_errors_are_retried(partner, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    settings.DEBUG = True
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens there: connections are refused
    delivery = ping(subscribe(partner, f"http://127.0.0.1:{port}/"))
    assert delivery.attempts == tasks.deliver.max_retries + 1
    assert delivery.status == DeliveryStatus.FAILED and delivery.status_code is None
    assert "Connection" in delivery.error


def test_a_delivery_is_sent_once_however_often_its_task_runs(partner, receiver):
    delivery = ping(subscribe(partner, receiver.url))
    assert tasks.deliver.delay(str(delivery.id)).get() == DeliveryStatus.DELIVERED
    tasks.deliver.delay(str(delivery.id))
    assert len(receiver.received) == 1
    delivery.refresh_from_db()
    assert delivery.attempts == 1


def test_a_failed_delivery_is_not_sent_again_either(partner, receiver):
    receiver.answers.append(410)
    delivery = ping(subscribe(partner, receiver.url))
    tasks.deliver.delay(str(delivery.id))
    assert len(receiver.received) == 1


def test_the_log_forgets_deliveries_after_ninety_days(partner):
    subscription = subscribe(partner, "https://a.example/")
    old, recent = (
        Delivery.objects.create(subscription=subscription, event_type="ping", payload={})
        for _ in range(2)
    )
    Delivery.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=91)
    )
    assert tasks.forget_old_deliveries.delay().get() == 1
    assert list(Delivery.objects.all()) == [recent]


# SSRF: the portal never calls into its own network for a partner.


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "::1",
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "::ffff:127.0.0.1",
        "64:ff9b::a9fe:a9fe",
        "2002:7f00:1::1",
        "fd00::1",
        "fe80::1%eth0",
        "224.0.0.1",
    ],
)
def test_private_and_special_addresses_are_not_public(address):
    assert not is_public_address(address)


def test_public_addresses_are():
    assert is_public_address("93.184.216.34") and is_public_address("2606:4700::1111")


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1:5432/",
        "https://[::1]/",
        "https://10.0.0.1/",
        "https://169.254.169.254/latest/meta-data/",
        "https://[::ffff:169.254.169.254]/",
        "https://localhost/",
    ],
)
def test_private_targets_are_refused_at_delivery_without_a_connection(partner, url):
    subscription = subscribe(partner, url)
    with mock.patch("urllib3.util.connection.create_connection") as connect:
        delivery = ping(subscription)
    connect.assert_not_called()
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == 1
    assert "private address" in delivery.error
    assert not FailedTask.objects.exists()  # refused for good, not retried


def resolving_to(*addresses):
    def getaddrinfo(host, port, *args, **kwargs):
        return [
            (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
            for a in addresses
        ]

    return mock.patch("webhooks.http.socket.getaddrinfo", side_effect=getaddrinfo)


def test_a_hostname_resolving_to_loopback_reaches_nothing(partner, receiver, settings):
    """The partner's name points at the portal's own machine (here: at the test server,
    which would receive the request were it not refused)."""
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    port = receiver.url.split(":")[2].split("/")[0]
    subscription = subscribe(partner, f"https://rebind.partner.example:{port}/")
    with resolving_to("127.0.0.1"):
        delivery = ping(subscription)
    assert receiver.received == []
    assert delivery.status == DeliveryStatus.FAILED
    assert "rebind.partner.example" in delivery.error and "127.0.0.1" in delivery.error


def test_every_address_a_hostname_resolves_to_is_checked(partner):
    subscription = subscribe(partner, "https://mixed.partner.example/")
    with (
        resolving_to("93.184.216.34", "10.0.0.1"),
        mock.patch("urllib3.util.connection.create_connection") as connect,
    ):
        delivery = ping(subscription)
    connect.assert_not_called()
    assert delivery.status == DeliveryStatus.FAILED and "10.0.0.1" in delivery.error


def test_the_local_server_is_unreachable_unless_the_setting_allows_it(partner, receiver, settings):
    subscription = subscribe(partner, receiver.url)
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    refused = ping(subscription)
    assert receiver.received == [] and refused.status == DeliveryStatus.FAILED
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    assert ping(subscription).status == DeliveryStatus.DELIVERED
    assert len(receiver.received) == 1


def test_a_public_target_is_connected_to_at_the_checked_address(partner, settings):
    """The connection goes to the address that was checked, not to a second lookup."""
    subscription = subscribe(partner, "https://partner.example/")
    with (
        resolving_to("93.184.216.34"),
        mock.patch(
            "urllib3.util.connection.create_connection", side_effect=ConnectionRefusedError
        ) as connect,
    ):
        delivery = ping(subscription)
    assert connect.call_args.args[0] == ("93.184.216.34", 443)
    assert delivery.status == DeliveryStatus.FAILED  # refused every time, then given up


def test_tls_still_checks_the_certificate_against_the_host_name():
    connection = CheckedHTTPSConnection("partner.example", 443)
    with (
        resolving_to("93.184.216.34"),
        mock.patch("urllib3.util.connection.create_connection") as connect,
    ):
        connection._new_conn()
    assert connect.call_args.args[0] == ("93.184.216.34", 443)
    # urllib3 sends this name in the TLS handshake (SNI) and matches the certificate to it.
    assert connection.host == "partner.example"


# Notifications on the network's changes, through the real services.


def test_publishing_a_practice_notifies_its_subscribers(curator, partner, other_partner, receiver):
    subscription = subscribe(partner, receiver.url, ["practice.published"])
    subscribe(other_partner, receiver.url, ["event.created"])  # not this event
    subscribe(other_partner, receiver.url, ["practice.published"], active=False)
    practice = PracticeFactory(status=PracticeStatus.SUBMITTED, published_at=None)
    with transaction.atomic():
        decide_on_practice(practice=practice, decision=ReviewDecision.PUBLISHED, by=curator)
        assert receiver.received == []  # nothing before the commit
    run_commit_callbacks()
    [request] = receiver.received
    payload = json.loads(request.body)
    assert payload["type"] == "practice.published"
    assert payload["data"]["slug"] == practice.slug
    assert payload["data"]["api_url"].endswith(f"/api/v1/practices/{practice.slug}/")
    assert verify(subscription.secret, request.headers, request.body)
    assert Delivery.objects.get().payload_id == practice.slug


def test_other_decisions_notify_nothing(curator, partner, receiver):
    subscribe(partner, receiver.url, ["practice.published"])
    practice = PracticeFactory(status=PracticeStatus.SUBMITTED, published_at=None)
    decide_on_practice(
        practice=practice, decision=ReviewDecision.REJECTED, by=curator, comment="Out of scope."
    )
    run_commit_callbacks()
    assert receiver.received == [] and not Delivery.objects.exists()


def test_a_rolled_back_publication_notifies_nothing(curator, partner, receiver):
    subscribe(partner, receiver.url, ["practice.published"])
    practice = PracticeFactory(status=PracticeStatus.SUBMITTED, published_at=None)
    with pytest.raises(RuntimeError), transaction.atomic():
        decide_on_practice(practice=practice, decision=ReviewDecision.PUBLISHED, by=curator)
        raise RuntimeError("the request fails after")
    run_commit_callbacks()
    assert receiver.received == [] and not Delivery.objects.exists()


def test_events_created_updated_and_cancelled_are_notified(curator, partner, city, receiver):
    subscribe(partner, receiver.url, ["event.created", "event.updated", "event.cancelled"])
    event = save_event(
        by=curator,
        title="Street vendors' exchange",
        kind=EventKind.WORKSHOP,
        host_city=city,
        start_date=datetime.date(2030, 3, 4),
        end_date=datetime.date(2030, 3, 5),
        summary="Traders meet traders.",
    )
    save_event(by=curator, event=event, venue="City hall")
    save_event(by=curator, event=event, status=EventStatus.CANCELLED)
    save_event(by=curator, event=event, venue="Nowhere")  # still cancelled: an update
    run_commit_callbacks()
    types = [json.loads(r.body)["type"] for r in receiver.received]
    assert types == ["event.created", "event.updated", "event.cancelled", "event.updated"]
    data = json.loads(receiver.received[2].body)["data"]
    assert data["slug"] == event.slug and data["status"] == "cancelled"
    assert data["api_url"].endswith(f"/api/v1/events/{event.slug}/")


def test_an_event_change_reaches_only_those_subscribed_to_it(curator, partner, receiver):
    subscribe(partner, receiver.url, ["event.cancelled"])
    event = EventFactory(status=EventStatus.PLANNED, end_date=datetime.date(2030, 1, 1))
    save_event(by=curator, event=event, venue="City hall")
    run_commit_callbacks()
    assert receiver.received == []


def test_a_subscription_turned_off_after_queueing_is_not_sent(curator, partner, receiver):
    subscription = subscribe(partner, receiver.url, ["event.updated"])
    save_event(by=curator, event=EventFactory(), venue="City hall")
    services.update_subscription(subscription=subscription, by=partner, active=False)
    run_commit_callbacks()
    assert receiver.received == []
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED and "turned off" in delivery.error


def test_an_account_that_lost_its_role_or_was_closed_is_not_notified(
    curator, partner, other_partner, receiver
):
    subscribe(partner, receiver.url, ["event.updated"])
    subscribe(other_partner, receiver.url, ["event.updated"])
    subscribe(curator, receiver.url, ["event.updated"])
    partner.groups.clear()
    other_partner.is_active = False
    other_partner.save()
    save_event(by=curator, event=EventFactory(), venue="City hall")
    run_commit_callbacks()
    assert [d.subscription.owner for d in Delivery.objects.all()] == [curator]
    assert len(receiver.received) == 1


# The invariants the database keeps.


def test_a_subscription_has_events_and_a_secret(partner):
    Subscription.objects.create(owner=partner, url="https://a.example/", events=["ping"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Subscription.objects.create(owner=partner, url="https://a.example/", events=[])
    with pytest.raises(IntegrityError), transaction.atomic():
        Subscription.objects.create(
            owner=partner, url="https://a.example/", events=ALL_EVENTS, secret=""
        )


def test_a_delivery_has_a_known_type_and_an_http_status(partner):
    subscription = subscribe(partner, "https://a.example/")
    Delivery.objects.create(
        subscription=subscription, event_type="ping", payload={}, status_code=599
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(subscription=subscription, event_type="spam", payload={})
    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(
            subscription=subscription, event_type="ping", payload={}, status_code=600
        )


def test_delivered_means_a_2xx_at_a_known_time(partner):
    subscription = subscribe(partner, "https://a.example/")
    now = timezone.now()

    def delivery(**kwargs):
        return Delivery.objects.create(
            subscription=subscription, event_type="ping", payload={}, **kwargs
        )

    delivery(status=DeliveryStatus.DELIVERED, status_code=204, delivered_at=now)
    delivery(status=DeliveryStatus.FAILED, status_code=500)
    for refused in [
        {"status": DeliveryStatus.DELIVERED, "status_code": 204},
        {"status": DeliveryStatus.DELIVERED, "status_code": 500, "delivered_at": now},
        {"status": DeliveryStatus.DELIVERED, "delivered_at": now},
        {"status": DeliveryStatus.PENDING, "delivered_at": now},
    ]:
        with pytest.raises(IntegrityError), transaction.atomic():
            delivery(**refused)


def test_staff_read_the_subscriptions_and_the_log_in_the_admin(client, partner, receiver):
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    subscription = subscribe(partner, receiver.url)
    delivery = ping(subscription)
    client.force_login(admin)
    listing = client.get("/admin/webhooks/subscription/")
    assert listing.status_code == 200 and receiver.url in listing.content.decode()
    page = client.get(f"/admin/webhooks/subscription/{subscription.pk}/change/")
    assert page.status_code == 200 and subscription.secret not in page.content.decode()
    assert client.get("/admin/webhooks/delivery/").status_code == 200
    assert client.get(f"/admin/webhooks/delivery/{delivery.pk}/change/").status_code == 200
