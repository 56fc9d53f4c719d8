from django.urls import path

import notifications.converters  # noqa: F401 - registers the `token` path converter
from outreach.views import feedback, questions

urlpatterns = [
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
]
