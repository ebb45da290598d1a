"""`/sitemap.xml`: every public page, in every language, each with its versions in the
other languages (hreflang alternates and x-default), at the public address (SITE_URL)."""

from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from base.site import site_url
from cities.models import City
from exchanges.models import Event, Roadmap
from matching.models import Challenge
from practices.models import Practice


class SiteSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def get_protocol(self, protocol=None):
        return urlsplit(site_url()).scheme

    def get_domain(self, site=None):
        # SITE_URL, not the request's host nor the sites framework (not installed).
        return urlsplit(site_url()).netloc


class PagesSitemap(SiteSitemap):
    """The lists and overviews."""

    changefreq = "daily"
    PAGES = [
        "home",
        "city-list",
        "event-list",
        "roadmap-list",
        "practice-list",
        "challenge-list",
        "dashboard",
        "network",
    ]

    def items(self):
        return self.PAGES

    def location(self, item):
        return reverse(item)


class ModelSitemap(SiteSitemap):
    changefreq = "weekly"

    def lastmod(self, item):
        return getattr(item, "updated_at", None)


class CitySitemap(ModelSitemap):
    def items(self):
        return City.objects.order_by("slug").only("slug")


class EventSitemap(ModelSitemap):
    def items(self):
        return Event.objects.order_by("slug").only("slug", "updated_at")


class RoadmapSitemap(ModelSitemap):
    def items(self):
        return Roadmap.objects.order_by("slug").only("slug")


class PracticeSitemap(ModelSitemap):
    def items(self):
        return Practice.objects.published().order_by("slug").only("slug", "updated_at")


class ChallengeSitemap(ModelSitemap):
    def items(self):
        return Challenge.objects.order_by("slug").only("slug", "updated_at")


SITEMAPS = {
    "pages": PagesSitemap,
    "cities": CitySitemap,
    "events": EventSitemap,
    "roadmaps": RoadmapSitemap,
    "practices": PracticeSitemap,
    "challenges": ChallengeSitemap,
}
