from django.urls import path

from events.views import coordinator, coordinator_people, door

urlpatterns = [
    path("", coordinator.dashboard, name="coordinator_dashboard"),
    path("talks/new/", coordinator.talk_create, name="coordinator_talk_create"),
    path("talks/<int:pk>/", coordinator.talk_detail, name="coordinator_talk_detail"),
    path("talks/<int:pk>/edit/", coordinator.talk_edit, name="coordinator_talk_edit"),
    path("talks/<int:pk>/preview/", coordinator.talk_preview, name="coordinator_talk_preview"),
    path("talks/<int:pk>/publish/", coordinator.talk_publish, name="coordinator_talk_publish"),
    path(
        "talks/<int:pk>/reschedule/",
        coordinator.talk_reschedule,
        name="coordinator_talk_reschedule",
    ),
    path("talks/<int:pk>/capacity/", coordinator.talk_capacity, name="coordinator_talk_capacity"),
    path(
        "talks/<int:pk>/duplicate/", coordinator.talk_duplicate, name="coordinator_talk_duplicate"
    ),
    path("talks/<int:pk>/cancel/", coordinator.talk_cancel, name="coordinator_talk_cancel"),
    path(
        "talks/<int:pk>/attendees.csv",
        coordinator_people.talk_attendees_csv,
        name="coordinator_talk_attendees_csv",
    ),
    path(
        "talks/<int:pk>/message/", coordinator_people.talk_message, name="coordinator_talk_message"
    ),
    path("email-settings/", coordinator_people.email_settings, name="coordinator_email_settings"),
    path("talks/<int:pk>/check-in/", door.talk_checkin, name="coordinator_talk_checkin"),
    path("rsvps/<int:pk>/check-in/", door.rsvp_checkin, name="coordinator_rsvp_checkin"),
    path("talks/<int:pk>/walk-ins/", door.walk_in_add, name="coordinator_walk_in_add"),
    path("walk-ins/<int:pk>/remove/", door.walk_in_remove, name="coordinator_walk_in_remove"),
]
