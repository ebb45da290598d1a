import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token

from base.models import Role

pytestmark = pytest.mark.django_db


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command("add_member", *args, stdout=out)
    return out.getvalue().strip().splitlines()


def test_creates_an_official_of_a_city_and_prints_the_token_last(city):
    lines = run("amelia", "--role", "official", "--city", "maputo", "--email", "a@maputo.mz")
    user = get_user_model().objects.get(username="amelia")
    assert lines[-1] == Token.objects.get(user=user).key
    assert [g.name for g in user.groups.all()] == [Role.OFFICIAL]
    assert user.membership.city == city
    assert user.membership.verified_at is not None
    assert user.email == "a@maputo.mz"
    assert not user.has_usable_password()


def test_updates_an_existing_account_to_a_single_role_and_keeps_its_token(city):
    first = run("amelia", "--role", "official", "--city", "maputo")
    second = run("amelia", "--role", "curator", "--password", "s3cret-enough")
    user = get_user_model().objects.get(username="amelia")
    assert first[-1] == second[-1]
    assert [g.name for g in user.groups.all()] == [Role.CURATOR]
    assert user.is_staff
    assert user.check_password("s3cret-enough")
    assert user.membership.city is None


def test_curators_can_edit_content_in_the_admin():
    run("carla", "--role", "curator")
    user = get_user_model().objects.get(username="carla")
    assert user.has_perm("practices.change_practice")
    assert user.has_perm("exchanges.add_event")


def test_a_partner_gets_no_admin_access():
    run("researcher", "--role", "partner")
    user = get_user_model().objects.get(username="researcher")
    assert not user.is_staff
    assert not user.has_perm("practices.change_practice")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["x", "--role", "official"], "give --city"),
        (["x", "--role", "official", "--city", "atlantis"], "atlantis"),
        (["x", "--role", "partner", "--city", "maputo"], "drop --city"),
        (["x", "--role", "curator", "--email", "not-an-email"], "email"),
        (["bad name!", "--role", "curator"], "username"),
    ],
)
def test_refuses_bad_input_with_a_message_naming_it(city, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
    assert not get_user_model().objects.exists()


def test_refuses_an_unknown_role():
    with pytest.raises(CommandError, match="role"):
        run("x", "--role", "mayor")
