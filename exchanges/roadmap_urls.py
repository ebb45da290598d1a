from django.urls import path

from . import views

urlpatterns = [
    path("", views.roadmap_list, name="roadmap-list"),
    path("<slug:slug>/", views.roadmap_detail, name="roadmap-detail"),
    path("<slug:slug>/report/", views.roadmap_report, name="roadmap-report"),
]
