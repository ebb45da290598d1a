"""The discovery pages: dashboard, cooperation network, and the practices' feed."""

from django.urls import path

from portal import dashboard, network
from practices.feeds import LatestPracticesFeed

urlpatterns = [
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/data.json", dashboard.dashboard_json, name="dashboard-data"),
    path("network/", network.network, name="network"),
    # Before practices/<slug>/.
    path("practices/feed/", LatestPracticesFeed(), name="practice-feed"),
]
