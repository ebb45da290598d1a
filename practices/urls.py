from django.urls import path

from . import adoption_views, review_views, views

urlpatterns = [
    path("", views.practice_list, name="practice-list"),
    *review_views.submit_urlpatterns,
    *adoption_views.urlpatterns,
    path("<slug:slug>/", views.practice_detail, name="practice-detail"),
]
