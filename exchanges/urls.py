from django.urls import path

from . import dossier_views, views, write_views

urlpatterns = [
    path("", views.event_list, name="event-list"),
    *write_views.urlpatterns,
    path("<slug:slug>/", views.event_detail, name="event-detail"),
    path("<slug:slug>/dossier/", dossier_views.event_dossier_view, name="event-dossier"),
]
