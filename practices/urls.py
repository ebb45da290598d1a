from django.urls import path

from . import views

urlpatterns = [
    path("<slug:slug>/", views.practice_detail, name="practice-detail"),
]
