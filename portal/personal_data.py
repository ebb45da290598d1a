"""What the network holds about one person, as they download it from "My data": their
account, their membership, and what they did under their name. A fixed number of
queries, however much they did."""

from django.db.models import QuerySet

from base.personal_data import registered_sections
from exchanges.models import ActionUpdate, LearningNote, ProgressReport, Registration, VisaLetter
from follows.models import SourceStop
from follows.selectors import follows_of
from matching.models import Challenge, ChallengeNotification, ChallengeOffer
from practices.models import AdoptionStageChange, Practice, Review


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def registrations_made(user) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(registered_by=user)
        .select_related("event", "city")
        .order_by("created_at", "pk")
    )


def practices_submitted(user) -> QuerySet[Practice]:
    return Practice.objects.filter(submitted_by=user).select_related("city").order_by("pk")


def reviews_made(user) -> QuerySet[Review]:
    return Review.objects.filter(by=user).select_related("practice").order_by("created_at", "pk")


def action_updates_made(user) -> QuerySet[ActionUpdate]:
    return (
        ActionUpdate.objects.filter(by=user).select_related("action__roadmap").order_by("at", "pk")
    )


def progress_reports_made(user) -> QuerySet[ProgressReport]:
    return (
        ProgressReport.objects.filter(by=user)
        .select_related("commitment__roadmap", "action__roadmap", "city")
        .order_by("reported_at", "pk")
    )


def visa_letters_signed(user) -> QuerySet[VisaLetter]:
    return (
        VisaLetter.objects.filter(issued_by=user)
        .select_related("registration__event")
        .order_by("issued_at", "pk")
    )


def adoption_steps_recorded(user) -> QuerySet[AdoptionStageChange]:
    return (
        AdoptionStageChange.objects.filter(by=user)
        .select_related("adoption__practice", "adoption__city")
        .order_by("reached_on", "pk")
    )


def challenges_posted(user) -> QuerySet[Challenge]:
    return Challenge.objects.filter(posted_by=user).select_related("city").order_by("pk")


def challenge_offers_made(user) -> QuerySet[ChallengeOffer]:
    return (
        ChallengeOffer.objects.filter(by=user)
        .select_related("challenge", "city")
        .order_by("created_at", "pk")
    )


def challenge_notifications_of(user) -> QuerySet[ChallengeNotification]:
    return (
        ChallengeNotification.objects.filter(user=user)
        .select_related("challenge", "city")
        .order_by("created_at", "pk")
    )


def personal_data(user) -> dict:
    """Everything above as plain JSON values."""
    membership = getattr(user, "membership", None)
    return {
        "account": {
            "username": user.get_username(),
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
            "roles": sorted(user.groups.values_list("name", flat=True)),
        },
        "membership": membership
        and {
            "city": membership.city.slug if membership.city else None,
            "verified_at": _iso(membership.verified_at),
            "language": membership.language,
            "request_message": membership.request_message,
        },
        "registrations_made": [
            {
                "event": registration.event.slug,
                "name": registration.name,
                "email": registration.email,
                "city": registration.city.slug if registration.city else None,
                "role": registration.role,
                "status": registration.status,
                "created_at": _iso(registration.created_at),
            }
            for registration in registrations_made(user)
        ],
        "practices_submitted": [
            {
                "slug": practice.slug,
                "title": practice.title,
                "city": practice.city.slug if practice.city else None,
                "status": practice.status,
                "created_at": _iso(practice.created_at),
            }
            for practice in practices_submitted(user)
        ],
        "reviews": [
            {
                "practice": review.practice.slug,
                "decision": review.decision,
                "comment": review.comment,
                "created_at": _iso(review.created_at),
            }
            for review in reviews_made(user)
        ],
        "roadmap_action_updates": [
            {
                "roadmap": update.action.roadmap.slug,
                "action": update.action.pk,
                "previous_status": update.previous_status,
                "status": update.status,
                "note": update.note,
                "at": _iso(update.at),
            }
            for update in action_updates_made(user)
        ],
        "progress_reports": [
            {
                "roadmap": (report.commitment or report.action).roadmap.slug,
                "commitment": report.commitment.number if report.commitment else None,
                "action": report.action_id,
                "city": report.city.slug if report.city else None,
                "status": report.status,
                "summary": report.summary,
                "evidence_url": report.evidence_url,
                "period_ends_on": _iso(report.period_ends_on),
                "reported_at": _iso(report.reported_at),
            }
            for report in progress_reports_made(user)
        ],
        # The letters they signed, with their name and title (not the delegates' data).
        "visa_letters_signed": [
            {
                "event": letter.registration.event.slug,
                "signer_name": letter.signer_name,
                "signer_title": letter.signer_title,
                "issued_at": _iso(letter.issued_at),
            }
            for letter in visa_letters_signed(user)
        ],
        # An adoption is its city's; the steps of its journey keep who recorded them.
        "adoptions_recorded": [
            {
                "practice": step.adoption.practice.slug,
                "city": step.adoption.city.slug,
                "stage": step.stage,
                "reached_on": _iso(step.reached_on),
                "note": step.note,
                "evidence_url": step.evidence_url,
                "recorded_at": _iso(step.recorded_at),
            }
            for step in adoption_steps_recorded(user)
        ],
        "challenges_posted": [
            {
                "slug": challenge.slug,
                "city": challenge.city.slug,
                "title": challenge.title,
                "status": challenge.status,
                "posted_at": _iso(challenge.created_at),
            }
            for challenge in challenges_posted(user)
        ],
        "challenge_offers": [
            {
                "challenge": offer.challenge.slug,
                "city": offer.city.slug,
                "message": offer.message,
                "offered_at": _iso(offer.created_at),
            }
            for offer in challenge_offers_made(user)
        ],
        # The challenges matched to their city for their digest (deleted with the account).
        "challenge_notifications": [
            {
                "challenge": notification.challenge.slug,
                "city": notification.city.slug,
                "reasons": notification.reasons,
                "noted_at": _iso(notification.created_at),
                "sent_in_digest_at": _iso(notification.digested_at),
            }
            for notification in challenge_notifications_of(user)
        ],
        "learning_notes_last_edited": [
            {"event": note.event.slug, "title": note.title, "updated_at": _iso(note.updated_at)}
            for note in LearningNote.objects.filter(updated_by=user).select_related("event")
        ],
        "digest_sources_stopped": [
            {"source": stop.source, "stopped_at": _iso(stop.stopped_at)}
            for stop in SourceStop.objects.filter(user=user).order_by("pk")
        ],
        # Deleted with the account (and by a digest's unsubscribe link).
        "follows": [
            {
                "kind": follow.kind,
                "slug": follow.target.slug,
                "frequency": follow.frequency,
                "since": _iso(follow.created_at),
            }
            for follow in follows_of(user)
        ],
        # The webhook subscriptions they own (webhooks), deleted with the account.
        **registered_sections(user),
    }
