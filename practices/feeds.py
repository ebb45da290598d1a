"""The Atom feed of newly published good practices, at `/practices/feed/`."""

import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from base.site import site_host, site_url

from .models import Practice

# How many of the latest practices the feed holds.
FEED_LENGTH = 30


def not_after_now(moment: datetime.datetime | None) -> datetime.datetime | None:
    """A moment of the past as stored; one in the future (a stored error) as now. The
    feed's Last-Modified header cannot even be written for the year 9999."""
    return moment and min(moment, timezone.now())


def tag_uri(specific: str) -> str:
    """A permanent id (RFC 4151 tag URI) on the site's configured domain: the same
    whichever host name the feed was read by, so readers never show an entry twice."""
    return f"tag:{site_host().split(':')[0]},2012:{specific}"


class LatestPracticesFeed(Feed):
    feed_type = Atom1Feed
    # Atom requires an author for the feed, or for each of its entries (RFC 4287, 4.1.1).
    author_name = "PeerCities"
    title = _("PeerCities: new good practices")
    subtitle = _(
        "Good practices of decent work in cities, newly published in the PeerCities network."
    )

    def link(self):
        return reverse("practice-list")

    def author_link(self):
        return site_url() + "/"

    def feed_guid(self):
        return tag_uri("practices")

    def items(self):
        return (
            Practice.objects.published()
            .select_related("city__country")
            .prefetch_related("pillars", "sdgs")
            .order_by("-published_at", "title")[:FEED_LENGTH]
        )

    def item_title(self, item):
        if item.city:
            return f"{item.title} ({item.city.name}, {item.city.country.name})"
        return item.title

    def item_description(self, item):
        # Atom sends the description as `<summary type="html">`: the summary is plain
        # text, so markup in it must reach the reader as text, never as live HTML.
        return escape(item.summary)

    def item_guid(self, item):
        return tag_uri(f"practice-{item.pk}")

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return not_after_now(item.published_at)

    def item_updateddate(self, item):
        return not_after_now(item.updated_at)

    def item_categories(self, item):
        return [pillar.short_name for pillar in item.pillars.all()] + [
            _("SDG %(number)s") % {"number": sdg.number} for sdg in item.sdgs.all()
        ]
