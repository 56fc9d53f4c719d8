from django.urls import path

import notifications.converters  # noqa: F401 - registers the `token` path converter
from notifications import views

urlpatterns = [
    path("preferences/<token:token>/", views.email_preferences, name="email_preferences"),
    path("unsubscribe/<token:token>/", views.email_unsubscribe, name="email_unsubscribe"),
]
