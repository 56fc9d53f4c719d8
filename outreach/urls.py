from django.urls import path

import notifications.converters  # noqa: F401 - registers the `token` path converter
from outreach.views import announcements, impact

urlpatterns = [
    path("announcements/", announcements.announcements, name="announcements"),
    path("announcements/sent/", announcements.announcements_sent, name="announcements_sent"),
    path(
        "announcements/confirm/<token:token>/",
        announcements.subscription_confirm,
        name="subscription_confirm",
    ),
    path(
        "announcements/preferences/<token:token>/",
        announcements.subscription_preferences,
        name="subscription_preferences",
    ),
    # Beside events' coordinator tools (events/coordinator_urls.py), before its include.
    path("coordinate/impact/", impact.impact, name="coordinator_impact"),
    path("coordinate/impact.csv", impact.impact_csv, name="coordinator_impact_csv"),
]
