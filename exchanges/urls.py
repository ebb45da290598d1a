from django.urls import path

from . import views, write_views

urlpatterns = [
    path("", views.event_list, name="event-list"),
    *write_views.urlpatterns,
]
