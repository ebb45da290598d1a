from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template import loader
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from base.mail import new_email_key, queue_email
from base.models import Role
from base.permissions import can_receive_delegates
from cities.models import City, Membership, Organization
from exchanges.models import (
    AttendanceCertificate,
    Event,
    LearningNote,
    LearningNoteStatus,
    Registration,
    RegistrationStatus,
    VisaLetter,
)
from practices.models import Practice

from . import tasks
from .account_requests import AccountRequest
from .learning_notes import draft_from_records
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
    organization_slug: str | None = None,
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
    organization = None
    if organization_slug:
        organization = Organization.objects.filter(slug=organization_slug).first()
        if organization is None:
            raise ValidationError(
                _("No organization with the slug %(slug)s.") % {"slug": organization_slug}
            )

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
    if organization is not None:
        membership.organization = organization
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


# An exchange's delegates at the event and its learning note: the organizers' writes.


@transaction.atomic
def issue_certificates(*, event: Event, by) -> list[AttendanceCertificate]:
    """Issue an attendance certificate, in their language, to each delegate checked in at
    `event` who has none yet; their PDFs are rendered by the task queue once committed."""
    if not can_receive_delegates(by, event):
        raise PermissionDenied(_("Only the event's organizers issue certificates."))
    registrations = event.registrations.filter(
        checked_in_at__isnull=False, anonymized_at__isnull=True, certificate__isnull=True
    )
    if not event.registrations.filter(checked_in_at__isnull=False).exists():
        raise ValidationError({"event": _("No delegate has checked in at this event.")})
    issued = []
    for registration in registrations.select_for_update(of=("self",)):
        certificate = AttendanceCertificate(
            registration=registration, language=registration.language
        )
        certificate.full_clean()
        certificate.save()
        issued.append(certificate)
        transaction.on_commit(
            lambda pk=certificate.pk: tasks.render_certificate_pdf.delay(certificate_id=pk)
        )
    return issued


@transaction.atomic
def issue_visa_letter(*, registration: Registration, by, signer_title: str) -> VisaLetter:
    """Issue the visa invitation letter a delegate asked for, signed by `by` (an organizer
    of the event: an official of its host city, or a curator) with their name and
    title; its PDF is rendered by the task queue once committed."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if not can_receive_delegates(by, registration.event):
        raise PermissionDenied(_("Only the event's organizers issue visa invitation letters."))
    if not registration.needs_visa_letter:
        raise ValidationError({"registration": _("This delegate asked for no visa letter.")})
    if registration.anonymized_at is not None or registration.status not in {
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITLISTED,
    }:
        raise ValidationError(
            {"registration": _("Letters go to confirmed or waitlisted delegates only.")}
        )
    if VisaLetter.objects.filter(registration=registration).exists():
        raise ValidationError({"registration": _("This delegate's letter is already issued.")})
    letter = VisaLetter(
        registration=registration,
        signer_name=by.get_full_name() or by.get_username(),
        signer_title=signer_title.strip(),
        issued_by=by,
        language=registration.language,
    )
    letter.full_clean()
    letter.save()
    transaction.on_commit(lambda: tasks.render_visa_letter_pdf.delay(letter_id=letter.pk))
    return letter


@transaction.atomic
def draft_learning_note(*, event: Event, by) -> LearningNote:
    """Draft (or draft again) the learning note of a held exchange from its records. A
    published note is not replaced: its organizers edit it."""
    if not can_receive_delegates(by, event):
        raise PermissionDenied(_("Only the event's organizers write its learning note."))
    if not event.has_dossier:
        raise ValidationError({"event": _("A learning note is written once the event is held.")})
    note = LearningNote.objects.select_for_update().filter(event=event).first()
    if note is not None and note.is_published:
        raise ValidationError({"status": _("The learning note is published: edit it instead.")})
    title, body = draft_from_records(event)
    note = note or LearningNote(event=event)
    note.title, note.body, note.updated_by = title, body, by
    note.drafted_at = timezone.now()
    note.full_clean()
    note.save()
    return note


@transaction.atomic
def edit_learning_note(
    *, note: LearningNote, by, title: str, body: str, publish: bool = False
) -> LearningNote:
    """Change the learning note's title and text; with `publish`, publish it: it then
    shows on the event's page and in its dossier."""
    note = LearningNote.objects.select_for_update().select_related("event").get(pk=note.pk)
    if not can_receive_delegates(by, note.event):
        raise PermissionDenied(_("Only the event's organizers write its learning note."))
    note.title, note.body, note.updated_by = title, body, by
    if publish and not note.is_published:
        note.status = LearningNoteStatus.PUBLISHED
        note.published_at = timezone.now()
    note.full_clean()
    note.save()
    return note


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
