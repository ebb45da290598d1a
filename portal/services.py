from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from base.models import Role
from cities.models import City, Membership

ROLE_BY_NAME = {"official": Role.OFFICIAL, "curator": Role.CURATOR, "partner": Role.PARTNER}


@transaction.atomic
def add_member(
    *,
    username: str,
    role: str,
    city_slug: str | None = None,
    email: str | None = None,
    password: str | None = None,
) -> tuple[object, Token]:
    """Create or update an account with exactly one role; return it with its API token.

    An official speaks for one city, so `city_slug` is required for them and refused
    for the other roles. Officials created here count as verified: whoever runs the
    command vouches for them.
    """
    if role not in ROLE_BY_NAME:
        raise ValidationError(
            _("Unknown role %(role)s: choose official, curator or partner.") % {"role": role}
        )
    group_name = ROLE_BY_NAME[role]
    city = None
    if group_name == Role.OFFICIAL:
        if not city_slug:
            raise ValidationError(_("An official belongs to one city: give --city."))
        city = City.objects.filter(slug=city_slug).first()
        if city is None:
            raise ValidationError(_("No city with the slug %(slug)s.") % {"slug": city_slug})
    elif city_slug:
        raise ValidationError(_("Only officials belong to a city: drop --city."))
    if email:
        validate_email(email)

    User = get_user_model()
    user, created = User.objects.get_or_create(username=username)
    if email:
        user.email = email
    if password:
        user.set_password(password)
    elif created:
        user.set_unusable_password()
    user.is_staff = group_name == Role.CURATOR
    user.full_clean()
    user.save()

    user.groups.remove(*Group.objects.filter(name__in=Role.values))
    user.groups.add(Group.objects.get(name=group_name))

    membership, _created = Membership.objects.get_or_create(user=user)
    membership.city = city
    if city is not None and membership.verified_at is None:
        membership.verified_at = timezone.now()
    membership.save()

    token, _created = Token.objects.get_or_create(user=user)
    return user, token
