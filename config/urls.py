from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from portal import health, views

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include("config.api_urls")),
    path("healthz", health.healthz, name="healthz"),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("cities/", include("cities.urls")),
    path("events/", include("exchanges.urls")),
    path("roadmaps/", include("exchanges.roadmap_urls")),
    path("", include("config.discovery_urls")),
    path("practices/", include("practices.urls")),
    path("search/", views.search, name="search"),
    path("accounts/", include("portal.accounts")),
    path("review/", include("practices.review_views")),
    path("my-city/", include("portal.my_city")),
    prefix_default_language=False,
)
