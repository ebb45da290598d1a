from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from base.api.root import APIRootView
from base.api.unmatched import unmatched
from cities.api.views import CityViewSet, CountryViewSet, OrganizationViewSet, PartnershipViewSet
from exchanges.api.views import RoadmapViewSet
from follows.api.views import FollowViewSet
from matching.api.challenges import ChallengeViewSet
from matching.api.peers import CityPeersView
from matching.api.related import PracticeRelatedView
from matching.api.suggest import SuggestTagsView
from portal.api.events import CertificateVerificationView, EventViewSet
from practices.api.views import (
    AdoptionViewSet,
    PillarViewSet,
    PracticeViewSet,
    SDGViewSet,
)
from webhooks.api.views import SubscriptionViewSet


class Router(DefaultRouter):
    # `?format=` is the one way to ask for another format: no `.csv` URL suffixes.
    include_format_suffixes = False
    APIRootView = APIRootView


router = Router()
router.register("countries", CountryViewSet, basename="country")
router.register("cities", CityViewSet, basename="city")
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("partnerships", PartnershipViewSet, basename="partnership")
router.register("events", EventViewSet, basename="event")
router.register("roadmaps", RoadmapViewSet, basename="roadmap")
router.register("practices", PracticeViewSet, basename="practice")
router.register("adoptions", AdoptionViewSet, basename="adoption")
router.register("challenges", ChallengeViewSet, basename="challenge")
router.register("pillars", PillarViewSet, basename="pillar")
router.register("sdgs", SDGViewSet, basename="sdg")
router.register("webhooks", SubscriptionViewSet, basename="webhook")
router.register("follows", FollowViewSet, basename="follow")

urlpatterns = [
    path("v1/practices/suggest-tags/", SuggestTagsView.as_view(), name="practice-suggest-tags"),
    path("v1/cities/<slug:slug>/peers/", CityPeersView.as_view(), name="city-peers"),
    path(
        "v1/practices/<slug:slug>/related/", PracticeRelatedView.as_view(), name="practice-related"
    ),
    path(
        "v1/certificates/<str:token>/",
        CertificateVerificationView.as_view(),
        name="certificate-verification",
    ),
    path("v1/", include((router.urls, "api-v1"))),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a file: the CSP forbids inline scripts.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    # Last: a path missing its trailing slash goes to its route, any other is a JSON 404.
    re_path(r"^(?P<path>[\s\S]*)$", unmatched),
]
