from django.urls import path

from . import profile_views, views

urlpatterns = [
    path("", views.city_list, name="city-list"),
    path("map-points.json", views.city_map_points, name="city-map-points"),
    path("<slug:slug>/edit/", profile_views.city_edit, name="city-edit"),
]
