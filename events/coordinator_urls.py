from django.urls import path

import notifications.converters  # noqa: F401 - registers the `token` path converter
from events.views import (
    branding,
    coordinator,
    coordinator_people,
    coordinator_programme,
    door,
    invitations,
)

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
    path("branding/", branding.branding_settings, name="coordinator_branding"),
    path("talks/<int:pk>/check-in/", door.talk_checkin, name="coordinator_talk_checkin"),
    path("rsvps/<int:pk>/check-in/", door.rsvp_checkin, name="coordinator_rsvp_checkin"),
    path("talks/<int:pk>/walk-ins/", door.walk_in_add, name="coordinator_walk_in_add"),
    path("walk-ins/<int:pk>/remove/", door.walk_in_remove, name="coordinator_walk_in_remove"),
    path("invitations/", invitations.invitations, name="coordinator_invitations"),
    path(
        "invitations/<int:pk>/revoke/",
        invitations.invitation_revoke,
        name="coordinator_invitation_revoke",
    ),
    # The link in an invitation: for whoever holds it, coordinator or not yet.
    path("join/<token:token>/", invitations.invitation, name="coordinator_invitation"),
    path(
        "join/<token:token>/accept/",
        invitations.invitation_accept,
        name="coordinator_invitation_accept",
    ),
]

# Venues, speakers, topics and series: a list, a new one, an edit page, a delete.
for _name, _prefix in {
    "venue": "venues",
    "speaker": "speakers",
    "topic": "topics",
    "series": "series",
}.items():
    _kind = {"kind": coordinator_programme.KINDS[_name]}
    urlpatterns += [
        path(
            f"{_prefix}/",
            coordinator_programme.programme_list,
            _kind,
            name=f"coordinator_{_name}_list",
        ),
        path(
            f"{_prefix}/new/",
            coordinator_programme.programme_create,
            _kind,
            name=f"coordinator_{_name}_create",
        ),
        path(
            f"{_prefix}/<int:pk>/",
            coordinator_programme.programme_edit,
            _kind,
            name=f"coordinator_{_name}_edit",
        ),
        path(
            f"{_prefix}/<int:pk>/delete/",
            coordinator_programme.programme_delete,
            _kind,
            name=f"coordinator_{_name}_delete",
        ),
    ]
