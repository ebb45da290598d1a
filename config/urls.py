from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from portal import (
    accounts,
    city_page,
    delegates,
    dossier_views,
    event_page,
    health,
    learning_note_views,
    open_data_views,
    site_pages,
    views,
)
from portal.sitemaps import SITEMAPS

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include("config.api_urls")),
    path("healthz", health.healthz, name="healthz"),
    # For what asks the old way (feed readers, the browsable API): the PNG icon.
    path("favicon.ico", views.favicon, name="favicon"),
    # The web's open-data conventions: for crawlers and data portals, in no language.
    path("robots.txt", open_data_views.robots_txt, name="robots-txt"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("catalog.jsonld", open_data_views.catalogue_jsonld, name="open-data-catalogue"),
    path(".well-known/dcat", open_data_views.catalogue_jsonld),
    path("data/<str:filename>", open_data_views.open_data_dump, name="open-data-dump"),
]

# Uploaded photos in development (`make run`); static() adds nothing unless DEBUG is on,
# and in production the web server or the storage's own host serves MEDIA_URL.
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

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
    path("events/<slug:slug>/", include(delegates.event_urlpatterns)),
    path(
        "events/<slug:slug>/learning-note/",
        learning_note_views.learning_note,
        name="event-learning-note",
    ),
    path("certificates/", include(delegates.certificate_urlpatterns)),
    path("roadmaps/", include("exchanges.roadmap_urls")),
    path("", include("config.discovery_urls")),
    path("practices/", include("practices.urls")),
    path("challenges/", include("matching.views")),
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
    path("follows/", include("follows.views")),
    path("about/", site_pages.about, name="about"),
    path("contact/", site_pages.contact, name="contact"),
    path("privacy/", site_pages.privacy, name="privacy"),
    path("accessibility/", site_pages.accessibility, name="accessibility"),
    prefix_default_language=False,
)
