from django.urls import path

import notifications.converters  # noqa: F401 - registers the `token` path converter
from events.views import coordinator_programme
from outreach.views import (
    announcements,
    feedback,
    impact,
    partners,
    questions,
    requests,
    resources,
)

urlpatterns = [
    # Beside events' coordinator tools (events/coordinator_urls.py), before its include.
    path("coordinate/impact/", impact.impact, name="coordinator_impact"),
    path("coordinate/impact.csv", impact.impact_csv, name="coordinator_impact_csv"),
    path("questions/<token:token>/", questions.question_new, name="question_new"),
    path("questions/<token:token>/sent/", questions.question_sent, name="question_sent"),
    path(
        "questions/for-speakers/<token:token>/",
        questions.speaker_questions,
        name="speaker_questions",
    ),
    path("feedback/thanks/", feedback.feedback_thanks, name="feedback_thanks"),
    path("feedback/<token:token>/", feedback.feedback_form, name="feedback_form"),
    path(
        "coordinate/talks/<int:pk>/questions/",
        questions.coordinator_talk_questions,
        name="coordinator_talk_questions",
    ),
    path(
        "coordinate/talks/<int:pk>/questions/<int:question_pk>/mark/",
        questions.coordinator_question_mark,
        name="coordinator_question_mark",
    ),
    path(
        "coordinate/talks/<int:pk>/questions/speaker-link/",
        questions.coordinator_speaker_link_regenerate,
        name="coordinator_speaker_link_regenerate",
    ),
    path(
        "coordinate/feedback-items/",
        feedback.coordinator_feedback_items,
        name="coordinator_feedback_items",
    ),
    path(
        "coordinate/feedback-items/<int:pk>/",
        feedback.coordinator_feedback_item_edit,
        name="coordinator_feedback_item_edit",
    ),
    path(
        "coordinate/feedback-items/<int:pk>/retire/",
        feedback.coordinator_feedback_item_retire,
        name="coordinator_feedback_item_retire",
    ),
    path("coordinate/resources/", resources.resource_list, name="coordinator_resource_list"),
    path(
        "coordinate/resources/new/", resources.resource_create, name="coordinator_resource_create"
    ),
    path(
        "coordinate/resources/<int:pk>/",
        resources.resource_edit,
        name="coordinator_resource_edit",
    ),
    path(
        "coordinate/resources/<int:pk>/delete/",
        resources.resource_delete,
        name="coordinator_resource_delete",
    ),
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
    path("partners/", partners.partner_list, name="partner_list"),
    path("partners/<slug:slug>/", partners.partner_detail, name="partner_detail"),
    path("partners/<slug:slug>/calendar.ics", partners.calendar_partner, name="calendar_partner"),
    path(
        "coordinate/talks/<int:pk>/co-hosts/",
        partners.talk_cohosts,
        name="coordinator_talk_cohosts",
    ),
]

# The coordinator's partner pages are events' programme pages, with partners as a kind.
_kind = {"kind": partners.PARTNERS}
urlpatterns += [
    path(
        "coordinate/partners/",
        coordinator_programme.programme_list,
        _kind,
        name="coordinator_partner_list",
    ),
    path(
        "coordinate/partners/new/",
        coordinator_programme.programme_create,
        _kind,
        name="coordinator_partner_create",
    ),
    path(
        "coordinate/partners/<int:pk>/",
        coordinator_programme.programme_edit,
        _kind,
        name="coordinator_partner_edit",
    ),
    path(
        "coordinate/partners/<int:pk>/delete/",
        coordinator_programme.programme_delete,
        _kind,
        name="coordinator_partner_delete",
    ),
]
