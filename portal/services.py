from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template import loader
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from base.mail import new_email_key, queue_email
from base.models import Role
from cities.models import City, Membership
from practices.models import Practice

from .account_requests import AccountRequest
from .selectors import account_with_email, contact_recipients

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


def split_full_name(full_name: str) -> tuple[str, str]:
    """First and last names from one full name: the last word is the last name, so that
    `get_full_name()` gives the full name back."""
    words = full_name.split()
    if len(words) < 2:
        return full_name.strip(), ""
    return " ".join(words[:-1]), words[-1]


def unsaved_account(account_request: AccountRequest):
    """The account `account_request` asks for, not saved: its username is its address."""
    first_name, last_name = split_full_name(account_request.full_name)
    return get_user_model()(
        username=account_request.email.lower(),
        email=account_request.email,
        first_name=first_name,
        last_name=last_name,
    )


@transaction.atomic
def create_requested_account(*, account_request: AccountRequest, password: str):
    """The account a person asked for, once they opened the link sent to their address:
    an active official of the city they named, not verified until a curator vouches for
    them (cities.selectors.unverified_officials), their username their email address."""
    if account_with_email(account_request.email) is not None:
        raise ValidationError(
            _("An account with this email address already exists: sign in instead.")
        )
    city = City.objects.filter(pk=account_request.city_id).first()
    if city is None:
        raise ValidationError({"city": _("This city is no longer in the network.")})
    user = unsaved_account(account_request)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        # The same link opened twice at once: the other request made the account.
        raise ValidationError(
            _("An account with this email address already exists: sign in instead.")
        ) from None
    user.groups.add(Group.objects.get(name=Role.OFFICIAL))
    membership = Membership(
        user=user,
        city=city,
        language=account_request.language,
        request_message=account_request.message,
    )
    membership.full_clean()
    membership.save()
    return user


@transaction.atomic
def set_member_language(*, user, language: str) -> Membership:
    """The language of `user`'s emails from now on."""
    membership, _created = Membership.objects.get_or_create(user=user)
    if membership.language != language:
        membership.language = language
        membership.full_clean()
        membership.save(update_fields=["language"])
    return membership


@transaction.atomic
def delete_account(*, user) -> None:
    """Delete `user`'s account and whatever names them; keep what they gave the network.

    Practices they submitted stay, with no submitter, and their history forgets who
    made each change; reviews, registrations and roadmap updates they made stay with no
    author (their foreign keys are SET_NULL). Their membership, API token and sign-in
    records go."""
    history = Practice.history.model
    history.objects.filter(history_user_id=user.pk).update(history_user=None)
    history.objects.filter(submitted_by_id=user.pk).update(submitted_by=None)
    for record in (AccessAttempt, AccessFailureLog, AccessLog):
        record.objects.filter(username=user.get_username()).delete()
    user.delete()


def send_contact_message(*, name: str, email: str, message: str, language: str) -> list[str]:
    """Email a visitor's message to the curators (through the task queue); the site keeps
    no copy. Returns the recipients; a ValidationError when nobody would read it."""
    recipients = contact_recipients()
    if not recipients:
        raise ValidationError(_("Nobody can receive messages yet: try again later."))
    # For the staff who read it, in the site's language; the visitor's is named inside.
    with translation.override(settings.LANGUAGE_CODE):
        body = loader.render_to_string(
            "pages/contact_email.txt",
            {"name": name, "email": email, "message": message, "language": language},
        )
        subject = _("PeerCities: a message from %(name)s") % {"name": name}
    queue_email(key=new_email_key("contact"), subject=subject, body=body, to=recipients)
    return recipients
