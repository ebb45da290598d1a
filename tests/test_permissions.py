"""The permission matrix of base.permissions, the one place that decides."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.utils import timezone

from base import permissions
from base.models import Role
from cities.models import Membership
from exchanges.selectors import events_citable_by, registrations_visible_to
from tests.factories import (
    ActionFactory,
    CityFactory,
    EventFactory,
    ParticipationFactory,
    PracticeFactory,
    RegistrationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def unverified_official(city):
    user = UserFactory(username="unverified")
    user.groups.add(Group.objects.get(name=Role.OFFICIAL))
    Membership.objects.create(user=user, city=city, verified_at=None)
    return user


@pytest.fixture
def other_official():
    user = UserFactory(username="durban-official")
    user.groups.add(Group.objects.get(name=Role.OFFICIAL))
    Membership.objects.create(
        user=user, city=CityFactory(slug="durban"), verified_at=timezone.now()
    )
    return user


def test_official_edits_events_their_city_hosts_or_joins_only(city, official, other_official):
    hosted = EventFactory(host_city=city)
    joined = EventFactory()
    ParticipationFactory(event=joined, city=city)
    elsewhere = EventFactory()
    assert permissions.can_edit_event(official, hosted)
    assert permissions.can_edit_event(official, joined)
    assert not permissions.can_edit_event(official, elsewhere)
    assert not permissions.can_edit_event(other_official, hosted)


def test_only_the_host_city_organizes_an_event(city, official, other_official, curator):
    """Taking part in an event, even listed with the role of host, confers no organizer
    right: not the registrations, not the host, not the other cities."""
    hosted = EventFactory(host_city=city)
    joined = EventFactory()
    ParticipationFactory(event=joined, city=city, role="host")
    assert permissions.organizes_event(official, hosted)
    assert permissions.organizes_event(curator, joined)
    assert not permissions.organizes_event(official, joined)
    assert not permissions.can_manage_registrations(official, joined)
    assert not permissions.organizes_event(other_official, hosted)
    assert permissions.participating_city(official, joined) == city
    assert permissions.participating_city(official, hosted) is None
    assert permissions.participating_city(other_official, joined) is None


def test_officials_register_delegates_of_their_own_city(city, official, other_official, curator):
    durban = other_official.membership.city
    hosted = EventFactory(host_city=city)
    elsewhere = EventFactory()
    assert permissions.can_register_delegate_of(official, elsewhere, city)
    assert not permissions.can_register_delegate_of(official, elsewhere, durban)
    assert not permissions.can_register_delegate_of(official, elsewhere, None)
    # The organizers and curators register anyone, and are not held to the limit.
    assert permissions.can_register_delegate_of(official, hosted, durban)
    assert permissions.can_register_delegate_of(curator, elsewhere, None)
    assert not permissions.is_bound_by_registration_limit(official, hosted)
    assert not permissions.is_bound_by_registration_limit(curator, elsewhere)
    assert permissions.is_bound_by_registration_limit(official, elsewhere)


def test_officials_cite_events_their_city_hosts_or_joins(city, official, curator):
    hosted = EventFactory(host_city=city)
    joined = EventFactory()
    ParticipationFactory(event=joined, city=city)
    elsewhere = EventFactory()
    assert set(events_citable_by(official)) == {hosted, joined}
    assert set(events_citable_by(curator)) == {hosted, joined, elsewhere}
    assert not events_citable_by(AnonymousUser()).exists()


@pytest.mark.parametrize("who", ["anonymous", "partner", "unverified_official"])
def test_readers_write_nothing(request, city, who):
    user = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    event = EventFactory(host_city=city)
    practice = PracticeFactory(status="draft", published_at=None, submitted_by=None)
    assert not permissions.can_create_event(user)
    assert not permissions.can_edit_event(user, event)
    assert not permissions.can_edit_city(user, city)
    assert not permissions.can_submit_practice(user)
    assert not permissions.can_edit_practice(user, practice)
    assert not permissions.can_review_practices(user)
    assert not permissions.can_register_delegates(user, event)
    assert not permissions.can_manage_registrations(user, event)
    assert not permissions.can_record_adoption(user, city)


def test_curators_may_do_everything(curator, city):
    event = EventFactory()
    practice = PracticeFactory()
    assert permissions.can_edit_event(curator, event)
    assert permissions.can_edit_practice(curator, practice)
    assert permissions.can_review_practices(curator)
    assert permissions.can_manage_registrations(curator, event)
    assert permissions.can_update_action(curator, ActionFactory())
    assert permissions.can_record_adoption(curator, city)


def test_officials_edit_their_own_practices_until_published(official):
    own = PracticeFactory(status="submitted", published_at=None, submitted_by=official)
    published = PracticeFactory(submitted_by=official)
    someone_elses = PracticeFactory(status="draft", published_at=None)
    assert permissions.can_edit_practice(official, own)
    assert not permissions.can_edit_practice(official, published)
    assert not permissions.can_edit_practice(official, someone_elses)
    assert not permissions.can_review_practices(official)


def test_registrations_are_seen_by_organizers_registrant_and_curators(
    city, official, other_official, curator
):
    event = EventFactory(host_city=city)
    by_other = RegistrationFactory(event=event, registered_by=other_official)
    assert permissions.can_view_registration(official, by_other)  # host city organizes
    assert permissions.can_view_registration(other_official, by_other)
    assert permissions.can_view_registration(curator, by_other)
    elsewhere = RegistrationFactory(registered_by=official)
    assert permissions.can_view_registration(official, elsewhere)
    assert not permissions.can_view_registration(other_official, elsewhere)
    assert not permissions.can_view_registration(AnonymousUser(), elsewhere)
    # The lists follow the same rule.
    assert set(registrations_visible_to(official, event)) == {by_other}
    assert set(registrations_visible_to(other_official, event)) == {by_other}
    assert set(registrations_visible_to(official, elsewhere.event)) == {elsewhere}
    assert not registrations_visible_to(other_official, elsewhere.event).exists()
    assert not registrations_visible_to(AnonymousUser(), event).exists()


def test_roadmap_actions_are_updated_by_officials_of_a_responsible_city(
    city, official, other_official
):
    action = ActionFactory()
    action.responsible_cities.add(city)
    assert permissions.can_update_action(official, action)
    assert not permissions.can_update_action(other_official, action)
