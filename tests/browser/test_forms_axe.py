"""axe-core on every page of the site that holds a form, as the person who sees that form
(a visitor, an official who organizes an exchange, a participating city's official, a
curator), in French or Portuguese, at 1280 and 390 px: no critical and no serious
violation. Some forms are looked at in the state a person fixes them in (with their
errors) or behind the step that opens them (a confirmation, a disclosure).

One test per person: each signs in once and walks their pages; a failure lists every
page's violations, not only the first."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from base.models import Pillar, Role
from cities.models import Membership
from exchanges.models import RegistrationStatus
from exchanges.offers import offer_path
from follows.unsubscribe import unsubscribe_path
from portal.account_requests import AccountRequest, confirm_request_path
from practices.confirmation import confirm_path
from tests.browser.conftest import DESKTOP, PHONE, serious_violations, sign_in
from tests.factories import (
    ActionFactory,
    AdoptionFactory,
    ChallengeFactory,
    CityFactory,
    CommitmentFactory,
    EventFactory,
    FollowFactory,
    ParticipationFactory,
    PracticeFactory,
    RegistrationFactory,
    RoadmapFactory,
    UserFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def official_of(city, username, *, verified=True):
    user = UserFactory(username=username, first_name=username.capitalize(), last_name="Silva")
    user.groups.add(Group.objects.get(name=Role.OFFICIAL))
    Membership.objects.create(
        user=user, city=city, verified_at=timezone.now() if verified else None, language="fr"
    )
    return user


@pytest.fixture
def site(city, curator):
    """What each form needs to be shown: Maputo's official organizes exchanges, has a
    draft, a published practice, an adoption and a challenge; Durban's takes part."""
    durban = CityFactory(slug="durban", name="Durban")
    maputo_official = official_of(city, "maputo")
    official_of(durban, "durban")
    official_of(city, "waiting", verified=False)
    Membership.objects.create(user=curator, language="fr")
    soon = timezone.localdate() + datetime.timedelta(days=60)
    open_event = EventFactory(
        slug="open", host_city=city, status="open", start_date=soon, capacity=2
    )
    planned = EventFactory(slug="planned", host_city=city, status="planned", start_date=soon)
    held = EventFactory(slug="held", host_city=city, objectives="Learn.", outcomes="A roadmap.")
    for event in (open_event, planned, held):
        ParticipationFactory(event=event, city=city, role="host")
        ParticipationFactory(event=event, city=durban, role="peer")
    seated = RegistrationFactory(
        event=open_event, city=durban, name="Ana Machel", status=RegistrationStatus.CONFIRMED
    )
    offered = RegistrationFactory(
        event=open_event,
        city=durban,
        name="Caio Nunes",
        language="pt",
        status=RegistrationStatus.PENDING,
        offer_expires_at=timezone.now() + datetime.timedelta(days=3),
    )
    attending = RegistrationFactory(
        event=held,
        city=durban,
        name="Sipho Dlamini",
        status=RegistrationStatus.CONFIRMED,
        needs_visa_letter=True,
    )
    traders = PracticeFactory(slug="traders", title="Informal traders", city=durban)
    own = PracticeFactory(
        slug="feiras", title="Feiras municipais", city=city, submitted_by=maputo_official
    )
    adoption = AdoptionFactory(practice=traders, city=city)
    draft = PracticeFactory(
        slug="draft",
        title="Rascunho",
        city=city,
        status="draft",
        published_at=None,
        verified_on=None,
        submitted_by=maputo_official,
    )
    submitted = PracticeFactory(
        slug="submitted",
        title="Submitted practice",
        city=durban,
        status="submitted",
        published_at=None,
        verified_on=None,
    )
    roadmap = RoadmapFactory(slug="roadmap", event=held, adopted_on=timezone.localdate())
    commitment = CommitmentFactory(roadmap=roadmap, report_every_months=6)
    action = ActionFactory(roadmap=roadmap, commitment=commitment, report_every_months=6)
    action.responsible_cities.add(city)
    challenge = ChallengeFactory(slug="markets", city=city, title="Markets without a voice")
    reader = UserFactory(username="reader", first_name="Claire", last_name="Dubois")
    Membership.objects.create(user=reader, language="fr")
    FollowFactory(
        user=maputo_official, city=None, pillar=Pillar.objects.get(slug="social-dialogue")
    )
    request = AccountRequest(
        full_name="Graça Machava",
        email="graca@cmm.gov.mz",
        city_id=city.pk,
        message="Mercados.",
        language="pt",
    )
    return {
        "seated": seated,
        "offered": offered,
        "attending": attending,
        "own": own,
        "traders": traders,
        "adoption": adoption,
        "draft": draft,
        "submitted": submitted,
        "challenge": challenge,
        "reader": reader,
        "request": request,
        "official": maputo_official,
    }


def submit_empty(selector):
    """Send the form empty: its errors are part of what a person reads."""

    def step(page):
        with page.expect_navigation():
            page.locator(selector).first.click()

    return step


def open_disclosures(page):
    """Open what is folded (the forms behind "Report progress", "We can help")."""
    page.evaluate("document.querySelectorAll('main details').forEach(d => { d.open = true; })")


def reset_path(user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return f"/fr/accounts/reset/{uid}/{default_token_generator.make_token(user)}/"


# (name, path, a step to take on the page before axe looks) for each person.
PAGES = {
    None: lambda s: [
        ("login", "/fr/accounts/login/", None),
        ("login, refused", "/fr/accounts/login/", submit_empty("main form button[type=submit]")),
        ("request an account", "/fr/accounts/request/", None),
        (
            "request an account, refused",
            "/fr/accounts/request/",
            submit_empty("main form button[type=submit]"),
        ),
        ("choose a password", "/pt" + confirm_request_path(s["request"]), None),
        ("password reset", "/fr/accounts/password_reset/", None),
        ("new password", reset_path(s["official"]), None),
        ("contact", "/fr/contact/", None),
        (
            "contact, refused",
            "/fr/contact/",
            submit_empty("main form button[type=submit]"),
        ),
        ("search", "/fr/search/?q=march%C3%A9s", None),
        ("practice catalogue filters", "/fr/practices/", None),
        ("exchange filters", "/fr/events/", None),
        ("city filters", "/fr/cities/", None),
        ("challenge filters", "/fr/challenges/", None),
        ("network filters", "/fr/network/", None),
        ("page not found", "/fr/no-such-page/", None),
        ("unsubscribe", "/fr" + unsubscribe_path(s["reader"], "daily"), None),
        ("confirm an offered seat", "/pt" + offer_path(s["offered"]), None),
    ],
    "maputo": lambda s: [
        ("my city (action updates)", "/fr/my-city/", open_disclosures),
        ("practice form", "/fr/practices/new/", None),
        (
            "practice form, refused",
            "/fr/practices/new/",
            submit_empty("button[name=submit]"),
        ),
        ("practice draft", f"/fr/practices/{s['draft'].slug}/edit/", None),
        ("still current?", "/fr" + confirm_path(s["own"]), None),
        ("event form", "/fr/events/new/", None),
        ("event form, refused", "/fr/events/new/", submit_empty("main form button[type=submit]")),
        ("open registration", "/fr/events/planned/open-registration/", None),
        ("delegation", "/fr/events/open/register/", None),
        (
            "delegation, refused",
            "/fr/events/open/register/",
            submit_empty("form.delegation-form button[type=submit]"),
        ),
        ("registrations", "/fr/events/open/registrations/", None),
        ("cancel confirmation", f"/fr/events/registrations/{s['seated'].pk}/cancel/", None),
        ("check-in", "/fr/events/held/check-in/", None),
        ("check-in of one", f"/fr/events/held/check-in/{s['attending'].pk}/", None),
        ("visa letter", f"/fr/events/held/registrations/{s['attending'].pk}/visa-letter/", None),
        ("learning note", "/fr/events/held/learning-note/", None),
        ("adoption form", f"/fr/practices/{s['traders'].slug}/adoptions/new/", None),
        (
            "adoption deletion",
            f"/fr/practices/{s['traders'].slug}/adoptions/{s['adoption'].pk}/delete/",
            None,
        ),
        ("challenge form", "/fr/challenges/new/", None),
        ("challenge edit", f"/fr/challenges/{s['challenge'].slug}/edit/", None),
        ("progress report", "/fr/roadmaps/roadmap/", open_disclosures),
        ("city profile", "/fr/cities/maputo/edit/", None),
        ("follows and digests", "/fr/follows/", None),
        ("my data", "/fr/accounts/my-data/", None),
        ("account deletion", "/fr/accounts/my-data/delete/", None),
        ("password change", "/fr/accounts/password_change/", None),
    ],
    "durban": lambda s: [
        ("own participation", "/fr/events/open/edit/", None),
        ("we can help", f"/fr/challenges/{s['challenge'].slug}/", open_disclosures),
        ("follow a city", "/fr/cities/maputo/", None),
    ],
    "curator": lambda s: [
        ("review queue", "/fr/review/", None),
        ("review card", f"/fr/review/{s['submitted'].slug}/", None),
        (
            "reject confirmation",
            f"/fr/review/{s['submitted'].slug}/",
            submit_empty("form.review-decision button[formaction$='/reject/']"),
        ),
        ("officials to verify", "/fr/review/officials/", None),
    ],
}


@pytest.mark.parametrize("person", list(PAGES), ids=lambda person: person or "visitor")
def test_no_form_has_a_serious_axe_violation(page, live_server, site, person):
    base = live_server.url
    if person is not None:
        sign_in(page, base, person, "/fr/", language="fr")
    found = []
    for name, path, step in PAGES[person](site):
        page.set_viewport_size(DESKTOP)
        response = page.goto(base + path)
        assert response.status < 500, f"{name}: {path} answered {response.status}"
        assert response.status in (200, 404), f"{name}: {path} answered {response.status}"
        assert page.locator("main form, form[role=search]").count(), f"{name}: no form"
        if step is not None:
            step(page)
        for viewport in (DESKTOP, PHONE):
            page.set_viewport_size(viewport)
            found += [f"{name} ({viewport['width']} px): {v}" for v in serious_violations(page)]
    assert not found, "\n".join(found)
