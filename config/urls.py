from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from portal import accounts, city_page, dossier_views, event_page, health, views

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include("config.api_urls")),
    path("healthz", health.healthz, name="healthz"),
]

if settings.OIDC_ENABLED:
    # Outside the language prefixes: the provider calls back one fixed address.
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("cities/", include("cities.urls")),
    # The pages of a city and of an event span the apps: the site layer's.
    path("cities/<slug:slug>/", city_page.city_detail, name="city-detail"),
    path("events/", include("exchanges.urls")),
    path("events/<slug:slug>/", event_page.event_detail, name="event-detail"),
    path("events/<slug:slug>/dossier/", dossier_views.event_dossier_view, name="event-dossier"),
    path("roadmaps/", include("exchanges.roadmap_urls")),
    path("", include("config.discovery_urls")),
    path("practices/", include("practices.urls")),
    path("search/", views.search, name="search"),
    path("accounts/", include("portal.accounts")),
    # The officials' verification (the site's accounts) sits in the review area.
    path("review/officials/", accounts.official_list, name="review-officials"),
    path(
        "review/officials/<int:pk>/verify/",
        accounts.official_verify,
        name="review-official-verify",
    ),
    path("review/", include("practices.review_views")),
    path("my-city/", include("portal.my_city")),
    prefix_default_language=False,
)
