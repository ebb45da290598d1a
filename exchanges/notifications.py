"""The emails of the exchanges: reminders of the progress reports due on roadmaps."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from base.mail import queue_email, recipient_name
from base.models import Role
from cities.models import Membership, member_language

from .models import Commitment
from .selectors import ReportDue


def officials_of(city_ids) -> list:
    """The verified, active officials of the cities, who receive their reminders."""
    memberships = (
        Membership.objects.filter(
            city_id__in=city_ids,
            verified_at__isnull=False,
            user__is_active=True,
            user__groups__name=Role.OFFICIAL,
        )
        .exclude(user__email="")
        .select_related("user", "city")
        .distinct()
    )
    return [membership.user for membership in memberships]


def queue_report_reminders(due: ReportDue, *, base_url: str) -> int:
    """Queue one reminder per official owing the report, in each one's language; the key
    names the item, the period and the person, so a second run sends nothing more."""
    item = due.item
    kind = "commitment" if isinstance(item, Commitment) else "action"
    queued = 0
    for user in officials_of(due.city_ids):
        with translation.override(member_language(user)):
            roadmap_url = base_url + reverse("roadmap-detail", kwargs={"slug": item.roadmap.slug})
            title = (
                _("Commitment %(number)s") % {"number": item.number}
                if kind == "commitment"
                else item.title
            )
            context = {
                "name": recipient_name(user),
                "title": title,
                "roadmap": item.roadmap.title,
                "due_on": due.due_on,
                "roadmap_url": f"{roadmap_url}#{kind}-{item.pk}",
            }
            queue_email(
                key=f"report-due:{kind}:{item.pk}:{due.due_on.isoformat()}:{user.pk}",
                subject=_("Progress report due on %(date)s: %(title)s")
                % {"date": due.due_on.isoformat(), "title": title},
                body=render_to_string("exchanges/report_due_email.txt", context),
                to=[user.email],
            )
        queued += 1
    return queued
