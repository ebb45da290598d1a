from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include("portal.api.urls")),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("cities/", include("cities.urls")),
    path("events/", include("exchanges.urls")),
    path("roadmaps/", include("exchanges.roadmap_urls")),
    path("practices/", include("practices.urls")),
    prefix_default_language=False,
)
