from django.urls import path

import notifications.converters  # noqa: F401 - registers the `token` path converter
from outreach.views import requests

urlpatterns = [
    path("request-a-talk/", requests.talk_request_create, name="talk_request_create"),
    path("request-a-talk/sent/", requests.talk_request_sent, name="talk_request_sent"),
    path(
        "request-a-talk/status/<token:token>/",
        requests.talk_request_status,
        name="talk_request_status",
    ),
    path("coordinate/requests/", requests.request_list, name="coordinator_request_list"),
    path(
        "coordinate/requests/<int:pk>/",
        requests.request_detail,
        name="coordinator_request_detail",
    ),
    path(
        "coordinate/requests/<int:pk>/schedule/",
        requests.request_schedule,
        name="coordinator_request_schedule",
    ),
    path(
        "coordinate/requests/<int:pk>/decline/",
        requests.request_decline,
        name="coordinator_request_decline",
    ),
]
