"""Getting in and leaving: asking for an account, confirming it by email, the curators'
verification, where signing in lands, "My data" (download, email language, deletion),
the demo accounts, the optional sign-on, and emails in each member's language."""

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail, signing
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from base.models import Role
from cities.models import Membership
from exchanges.models import Registration
from practices.models import Practice, ReviewDecision
from practices.notifications import stale_reminder_email
from practices.services import decide_on_practice, submit_practice
from tests.factories import (
    ActionFactory,
    CityFactory,
    PracticeFactory,
    RegistrationFactory,
    UserFactory,
)
from tests.utils import assert_constant_queries

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "a long new passphrase 42"


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()  # the request throttle counts in the cache the tests share
    yield
    cache.clear()


def request_data(**changes):
    return {
        "full_name": "Ana  Maria Sitoe",
        "city": "maputo",
        "email": "ana.sitoe@cmmaputo.gov.mz",
        "message": "Head of the local economic development department.",
        "consent": "on",
        **changes,
    }


def ask(client, django_capture_on_commit_callbacks, path="/accounts/request/", **changes):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(path, request_data(**changes))


def confirm_link(message) -> str:
    return re.search(r"https?://\S+/accounts/request/confirm/\S+/", message.body).group(0)


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


# Asking for an account


def test_login_page_says_how_to_get_an_account(client):
    page = client.get(reverse("login")).content.decode()
    assert reverse("account-request") in page
    assert "No account yet?" in page


def test_request_confirm_verify_the_whole_way(
    client, city, curator, django_capture_on_commit_callbacks
):
    response = ask(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response.url == reverse("account-request-sent")
    assert "What happens next" in client.get(response.url).content.decode()
    # Nothing is stored until the address is confirmed.
    assert not get_user_model().objects.filter(email="ana.sitoe@cmmaputo.gov.mz").exists()
    [message] = mail.outbox
    assert message.to == ["ana.sitoe@cmmaputo.gov.mz"]
    assert message.body.startswith("Hello Ana Maria Sitoe,")

    link = path_of(confirm_link(message))
    page = client.get(link)
    assert page.status_code == 200
    assert "ana.sitoe@cmmaputo.gov.mz" in page.content.decode()
    response = client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("account-pending")
    assert "waits for a curator" in client.get(response.url).content.decode()

    user = get_user_model().objects.get(email="ana.sitoe@cmmaputo.gov.mz")
    assert user.username == "ana.sitoe@cmmaputo.gov.mz"
    assert user.get_full_name() == "Ana Maria Sitoe"
    assert user.is_active and user.check_password(NEW_PASSWORD)
    assert list(user.groups.values_list("name", flat=True)) == [Role.OFFICIAL]
    membership = user.membership
    assert membership.city == city and membership.verified_at is None
    assert membership.request_message.startswith("Head of the local")
    # Not yet writing for the city.
    assert client.get(reverse("my-city")).status_code == 403

    client.force_login(curator)
    queue = client.get(reverse("review-officials")).content.decode()
    assert "Ana Maria Sitoe" in queue and "Head of the local economic" in queue
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("review-official-verify", args=[membership.pk]))
    membership.refresh_from_db()
    assert membership.verified_at is not None
    [verified] = mail.outbox
    assert verified.to == [user.email]
    assert "Hello Ana Maria Sitoe," in verified.body
    assert "/my-city/" in verified.body

    client.force_login(user)
    assert client.get(reverse("my-city")).status_code == 200


def test_request_in_french_links_to_french_pages(city, client, django_capture_on_commit_callbacks):
    ask(client, django_capture_on_commit_callbacks, path="/fr/accounts/request/")
    link = confirm_link(mail.outbox[0])
    assert "/fr/accounts/request/confirm/" in link
    client.post(path_of(link), {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert Membership.objects.get(user__email="ana.sitoe@cmmaputo.gov.mz").language == "fr"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"city": "atlantis"}, "city"),
        ({"city": ""}, "city"),
        ({"email": "not an address"}, "email"),
        ({"email": "ana@sitoe@example.org"}, "email"),
        ({"email": "ana!sitoe@example.org"}, "email"),
        ({"consent": ""}, "consent"),
        ({"full_name": ""}, "full_name"),
        ({"message": "x" * 2001}, "message"),
    ],
)
def test_bad_requests_are_refused_and_send_nothing(
    client, city, django_capture_on_commit_callbacks, changes, field
):
    response = ask(client, django_capture_on_commit_callbacks, **changes)
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert mail.outbox == []


def test_request_for_an_address_with_an_account_gives_the_same_answer(
    client, city, official, django_capture_on_commit_callbacks
):
    response = ask(client, django_capture_on_commit_callbacks, email=official.email.upper())
    assert response.status_code == 302
    assert response.url == reverse("account-request-sent")
    [message] = mail.outbox
    assert message.to == [official.email]
    assert "already has one" in message.body
    assert "/accounts/request/confirm/" not in message.body
    assert get_user_model().objects.filter(email__iexact=official.email).count() == 1


def test_requests_are_throttled_by_email_address(client, city, django_capture_on_commit_callbacks):
    for _attempt in range(3):
        assert ask(client, django_capture_on_commit_callbacks).status_code == 302
    response = ask(client, django_capture_on_commit_callbacks, email="Ana.Sitoe@cmmaputo.gov.mz")
    assert response.status_code == 429
    assert len(mail.outbox) == 3
    # Another address is not held back by this one.
    assert ask(client, django_capture_on_commit_callbacks, email="b@x.org").status_code == 302


def test_requests_are_throttled_by_client_address(client, city, django_capture_on_commit_callbacks):
    for attempt in range(10):
        response = ask(client, django_capture_on_commit_callbacks, email=f"p{attempt}@x.org")
        assert response.status_code == 302
    response = ask(client, django_capture_on_commit_callbacks, email="p10@x.org")
    assert response.status_code == 429
    assert len(mail.outbox) == 10


def test_an_expired_link_is_refused(client, city, django_capture_on_commit_callbacks, monkeypatch):
    four_days_ago = time.time() - 4 * 24 * 3600
    monkeypatch.setattr(signing.time, "time", lambda: four_days_ago)
    ask(client, django_capture_on_commit_callbacks)
    monkeypatch.undo()
    link = path_of(confirm_link(mail.outbox[0]))
    response = client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    assert not get_user_model().objects.filter(email="ana.sitoe@cmmaputo.gov.mz").exists()


@pytest.mark.parametrize(
    "forge",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        # Another of the site's signed values, valid under its own salt only.
        lambda token: signing.dumps(
            {
                "full_name": "Mallory",
                "email": "mallory@example.org",
                "city_id": 1,
                "message": "",
                "language": "en",
            },
            salt="practices.confirm-still-current",
            compress=True,
        ),
        lambda token: "not-a-token",
    ],
)
def test_a_forged_link_is_refused(client, city, django_capture_on_commit_callbacks, forge):
    ask(client, django_capture_on_commit_callbacks)
    token = path_of(confirm_link(mail.outbox[0])).rstrip("/").rsplit("/", 1)[1]
    link = reverse("account-request-confirm", kwargs={"token": forge(token)})
    response = client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 400
    assert "not valid" in response.content.decode()
    assert not get_user_model().objects.filter(username__contains="@").exists()


def test_a_link_works_once(client, city, django_capture_on_commit_callbacks):
    ask(client, django_capture_on_commit_callbacks)
    link = path_of(confirm_link(mail.outbox[0]))
    passwords = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    assert client.post(link, passwords).status_code == 302
    client.logout()
    again = client.post(
        link, {"new_password1": "other pass 9876", "new_password2": "other pass 9876"}
    )
    assert again.status_code == 400
    assert "already confirmed" in again.content.decode()
    user = get_user_model().objects.get(email="ana.sitoe@cmmaputo.gov.mz")
    assert user.check_password(NEW_PASSWORD)


def test_a_weak_or_mismatched_password_is_refused(client, city, django_capture_on_commit_callbacks):
    ask(client, django_capture_on_commit_callbacks)
    link = path_of(confirm_link(mail.outbox[0]))
    for passwords in (
        {"new_password1": "12345678", "new_password2": "12345678"},
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"},
    ):
        assert client.post(link, passwords).status_code == 400
    assert not get_user_model().objects.filter(email="ana.sitoe@cmmaputo.gov.mz").exists()


# Where signing in leads


def sign_in(client, username, path="/accounts/login/", **extra):
    return client.post(path, {"username": username, "password": PASSWORD, **extra}, follow=True)


def test_an_official_lands_on_their_city_page(client, official):
    response = sign_in(client, "official")
    assert response.redirect_chain[-1][0] == reverse("my-city")


def test_an_official_waiting_for_verification_lands_on_what_happens_next(client, official):
    Membership.objects.filter(user=official).update(verified_at=None)
    response = sign_in(client, "official")
    assert response.redirect_chain[-1][0] == reverse("account-pending")


def test_others_land_home_and_next_still_wins(client, partner, official):
    assert sign_in(client, "partner").redirect_chain[-1][0] == reverse("home")
    client.logout()
    response = sign_in(client, "official", next="/practices/")
    assert response.redirect_chain[-1][0] == "/practices/"


def test_signing_in_in_a_language_makes_it_the_language_of_ones_emails(client, official):
    sign_in(client, "official", path="/pt/accounts/login/")
    assert Membership.objects.get(user=official).language == "pt"


# Emails in the recipient's language


def test_decision_email_greets_by_name_and_links_in_the_submitters_language(
    official, curator, django_capture_on_commit_callbacks
):
    official.first_name, official.last_name = "Ana", "Sitoe"
    official.save()
    Membership.objects.filter(user=official).update(language="es")
    practice = PracticeFactory(status="draft", submitted_by=official, published_at=None)
    submit_practice(practice=practice, by=official)
    with django_capture_on_commit_callbacks(execute=True):
        decide_on_practice(
            practice=practice,
            by=curator,
            decision=ReviewDecision.REJECTED,
            comment="Out of scope.",
            base_url="https://peercities.example",
        )
    [message] = mail.outbox
    assert "Ana Sitoe" in message.body
    assert f"https://peercities.example/es/practices/{practice.slug}/" in message.body


def test_stale_reminder_links_in_the_submitters_language(official):
    Membership.objects.filter(user=official).update(language="fr")
    official.refresh_from_db()
    practice = PracticeFactory(submitted_by=official, verified_on=timezone.localdate())
    email = stale_reminder_email(practice, base_url="https://x.example")
    assert "https://x.example/fr/practices/" in email["body"]
    assert "https://x.example/practices/" not in email["body"]


def test_password_reset_email_in_the_accounts_language(
    client, official, django_capture_on_commit_callbacks
):
    Membership.objects.filter(user=official).update(language="pt")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": official.email})
    [message] = mail.outbox
    assert "/pt/accounts/reset/" in message.body
    assert message.body.startswith("Olá, official,")  # Portuguese, greeted by name


def test_an_account_without_membership_gets_the_default_language(curator):
    practice = PracticeFactory(submitted_by=curator, verified_on=timezone.localdate())
    assert (
        "https://x.example/practices/"
        in stale_reminder_email(practice, base_url="https://x.example")["body"]
    )


# My data


def test_my_data_needs_an_account(client):
    for name in ("my-data", "my-data-download", "account-delete"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_download_holds_the_account_and_what_it_did(client, official, curator):
    practice = PracticeFactory(submitted_by=official, title="Street vendors' charter")
    RegistrationFactory(registered_by=official, name="Delegate One")
    client.force_login(official)
    assert "My data" in client.get(reverse("my-data")).content.decode()
    response = client.get(reverse("my-data-download"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["account"]["username"] == "official"
    assert data["account"]["roles"] == [Role.OFFICIAL]
    assert data["membership"]["city"] == "maputo"
    assert [p["slug"] for p in data["practices_submitted"]] == [practice.slug]
    assert [r["name"] for r in data["registrations_made"]] == ["Delegate One"]
    assert set(data) >= {"reviews", "roadmap_action_updates", "adoptions_recorded"}


def test_download_takes_the_same_queries_however_much_one_did(client, official):
    client.force_login(official)
    PracticeFactory(submitted_by=official)

    def grow():
        for _n in range(3):
            PracticeFactory(submitted_by=official)
            RegistrationFactory(registered_by=official)

    assert_constant_queries(lambda: client.get(reverse("my-data-download")), grow)


def test_language_of_ones_emails(client, official):
    client.force_login(official)
    assert client.post(reverse("my-data-language"), {"language": "xx"}).status_code == 400
    assert client.post(reverse("my-data-language"), {"language": "es"}).status_code == 302
    assert Membership.objects.get(user=official).language == "es"


def test_deleting_needs_the_password(client, official):
    client.force_login(official)
    for data in ({}, {"password": "wrong password"}):
        response = client.post(reverse("account-delete"), data)
        assert response.status_code == 400
    assert get_user_model().objects.filter(pk=official.pk).exists()


def test_deleting_keeps_contributions_without_a_name(client, official, curator):
    practice = PracticeFactory(status="draft", submitted_by=official, published_at=None)
    submit_practice(practice=practice, by=official)
    registration = RegistrationFactory(registered_by=official)
    ActionFactory()
    client.force_login(official)
    page = client.get(reverse("account-delete")).content.decode()
    assert "stay in the catalogue, with no submitter" in page
    response = client.post(reverse("account-delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=official.pk).exists()
    assert not Membership.objects.filter(user_id=official.pk).exists()
    practice.refresh_from_db()
    assert practice.submitted_by is None
    history = Practice.history.filter(id=practice.pk)
    assert history.exists()
    assert not history.filter(history_user_id=official.pk).exists()
    assert not history.filter(submitted_by_id=official.pk).exists()
    assert Registration.objects.get(pk=registration.pk).registered_by is None
    # Signed out.
    assert client.get(reverse("my-data")).status_code == 302


# Verification queue


def test_only_curators_see_the_officials_queue(client, official, partner):
    for user in (official, partner):
        client.force_login(user)
        assert client.get(reverse("review-officials")).status_code == 403


# The membership's language


def test_membership_language_constraint_both_sides(official):
    Membership.objects.filter(user=official).update(language="fr")
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.filter(user=official).update(language="xx")
    assert Membership.objects.get(user=official).language == "fr"


# Demo accounts


@override_settings(DEBUG=False)
def test_demo_accounts_are_refused_under_production_settings():
    with pytest.raises(CommandError, match="development only"):
        call_command("load_demo", "--with-accounts", verbosity=0)
    assert not get_user_model().objects.filter(username__startswith="demo-").exists()


@override_settings(DEBUG=True)
def test_demo_accounts_one_per_role_with_printed_passwords(client, capsys):
    from io import StringIO

    out = StringIO()
    call_command("load_demo", "--with-accounts", verbosity=0, stdout=out)
    passwords = dict(re.findall(r"(demo-[a-z]+) \([a-z]+\): password (\S+)", out.getvalue()))
    assert set(passwords) == {"demo-official", "demo-curator", "demo-partner"}
    official = get_user_model().objects.get(username="demo-official")
    assert official.membership.city.slug == "maputo" and official.membership.verified_at
    assert get_user_model().objects.get(username="demo-curator").groups.filter(name=Role.CURATOR)
    response = client.post(
        "/accounts/login/",
        {"username": "demo-official", "password": passwords["demo-official"]},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("my-city")
    again = StringIO()
    call_command("load_demo", "--with-accounts", verbosity=0, stdout=again)
    assert "password unchanged" in again.getvalue()
    official.refresh_from_db()
    assert official.check_password(passwords["demo-official"])


# Single sign-on


def test_sign_on_is_off_unless_configured(client):
    with pytest.raises(NoReverseMatch):
        reverse("oidc_authentication_init")
    assert client.get("/oidc/authenticate/").status_code == 404
    assert "Sign in with your organisation" not in client.get(reverse("login")).content.decode()


OIDC = {
    "OIDC_RP_CLIENT_ID": "peercities",
    "OIDC_RP_CLIENT_SECRET": "secret",
    "OIDC_OP_TOKEN_ENDPOINT": "https://idp.example/token",
    "OIDC_OP_USER_ENDPOINT": "https://idp.example/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": "https://idp.example/jwks",
    "OIDC_RP_SIGN_ALGO": "RS256",
    "OIDC_PARTNER_DOMAINS": ["ilo.org"],
}


@override_settings(**OIDC)
def test_sign_on_gives_partners_their_role_and_others_none():
    from portal.oidc import PartnerOIDCBackend

    backend = PartnerOIDCBackend()
    partner = backend.create_user(
        {"email": "Jo@ILO.org", "given_name": "Jo", "family_name": "Doe", "email_verified": True}
    )
    assert partner.username == "jo@ilo.org" and partner.get_full_name() == "Jo Doe"
    assert list(partner.groups.values_list("name", flat=True)) == [Role.PARTNER]
    assert not partner.has_usable_password()
    stranger = backend.create_user({"email": "someone@elsewhere.org"})
    assert not stranger.groups.exists()
    unverified = backend.create_user({"email": "x@ilo.org", "email_verified": False})
    assert not unverified.groups.exists()


@override_settings(**OIDC)
def test_sign_on_never_opens_an_account_that_has_a_password(curator):
    from portal.oidc import PartnerOIDCBackend

    backend = PartnerOIDCBackend()
    assert not backend.filter_users_by_claims({"email": curator.email}).exists()
    created = backend.create_user({"email": curator.email})
    assert created.pk != curator.pk
    assert not created.groups.exists()
    assert backend.filter_users_by_claims({"email": curator.email}).get() == created


def run_python(code: str, **env) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "DJANGO_SETTINGS_MODULE"} and not key.startswith("OIDC_")
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**environment, **env},
        capture_output=True,
        text=True,
        check=False,
    )


OIDC_ENV = {
    "OIDC_RP_CLIENT_ID": "peercities",
    "OIDC_RP_CLIENT_SECRET": "secret",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://idp.example/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": "https://idp.example/token",
    "OIDC_OP_USER_ENDPOINT": "https://idp.example/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": "https://idp.example/jwks",
    "OIDC_PARTNER_DOMAINS": "ilo.org, UCLG.org",
}
SHOW_OIDC = (
    "import django; from django.conf import settings; django.setup(); "
    "from django.urls import reverse; "
    "print(settings.AUTHENTICATION_BACKENDS[-1], reverse('oidc_authentication_init'), "
    "settings.OIDC_PARTNER_DOMAINS)"
)


def test_sign_on_is_configured_from_the_environment():
    result = run_python(SHOW_OIDC, DJANGO_SETTINGS_MODULE="config.settings.test", **OIDC_ENV)
    assert result.returncode == 0, result.stderr
    assert "portal.oidc.PartnerOIDCBackend /oidc/authenticate/" in result.stdout
    assert "['ilo.org', 'uclg.org']" in result.stdout


def test_sign_on_half_configured_refuses_to_start():
    env = {**OIDC_ENV, "OIDC_OP_TOKEN_ENDPOINT": ""}
    result = run_python(SHOW_OIDC, DJANGO_SETTINGS_MODULE="config.settings.test", **env)
    assert result.returncode != 0
    assert "OIDC_OP_TOKEN_ENDPOINT must be set" in result.stderr


def test_demo_accounts_are_refused_by_the_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "load_demo", "--with-accounts"],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k not in {"DEBUG", "OIDC_RP_CLIENT_ID"}},
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": "x" * 50,
            "ALLOW_LOCAL_THROTTLES": "true",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "development only" in result.stderr
    assert "password" not in result.stdout


def test_an_account_without_a_password_confirms_deletion_with_its_address(client):
    user = UserFactory(username="signed-on", email="jo@ilo.org")
    user.set_unusable_password()
    user.save()
    client.force_login(user)
    assert client.post(reverse("account-delete"), {"email": "other@ilo.org"}).status_code == 400
    assert client.post(reverse("account-delete"), {"email": "JO@ilo.org"}).status_code == 302
    assert not get_user_model().objects.filter(pk=user.pk).exists()


def test_the_officials_queue_takes_the_same_queries_however_many_wait(client, curator):
    client.force_login(curator)
    officials = Group.objects.get(name=Role.OFFICIAL)

    def grow():
        for _n in range(3):
            user = UserFactory()
            user.groups.add(officials)
            Membership.objects.create(user=user, city=CityFactory(), request_message="Hi")

    assert_constant_queries(lambda: client.get(reverse("review-officials")), grow)


def _everything_one_does(official, n):
    """What an official does beside submitting practices, each held under their name."""
    from follows.models import SourceStop
    from matching.models import ChallengeNotification, ChallengeOffer
    from tests.factories import AdoptionStageChangeFactory, ChallengeFactory
    from webhooks.models import Subscription

    city = official.membership.city
    challenge = ChallengeFactory(city=city, posted_by=official, title=f"Challenge {n}")
    other = ChallengeFactory()
    ChallengeOffer.objects.create(
        challenge=other, city=city, message=f"We can help {n}", by=official
    )
    ChallengeNotification.objects.create(
        challenge=other, user=official, city=city, reasons="also in Africa"
    )
    AdoptionStageChangeFactory(by=official, note=f"Step {n}")
    Subscription.objects.create(owner=official, url=f"https://example.org/hook/{n}", events=["*"])
    SourceStop.objects.get_or_create(user=official, source="challenges")
    return challenge


def test_download_holds_challenges_offers_steps_hooks_and_digest_stops(client, official):
    challenge = _everything_one_does(official, 1)
    client.force_login(official)
    data = json.loads(client.get(reverse("my-data-download")).content)
    assert [c["slug"] for c in data["challenges_posted"]] == [challenge.slug]
    assert [o["message"] for o in data["challenge_offers"]] == ["We can help 1"]
    assert [n["reasons"] for n in data["challenge_notifications"]] == ["also in Africa"]
    assert [s["note"] for s in data["adoptions_recorded"]] == ["Step 1"]
    assert [h["url"] for h in data["webhook_subscriptions"]] == ["https://example.org/hook/1"]
    assert [s["source"] for s in data["digest_sources_stopped"]] == ["challenges"]


def test_the_whole_download_takes_the_same_queries_however_much_one_did(client, official):
    client.force_login(official)
    _everything_one_does(official, 0)
    grown = iter(range(1, 100))

    def grow():
        for _n in range(3):
            _everything_one_does(official, next(grown))

    assert_constant_queries(lambda: client.get(reverse("my-data-download")), grow)
