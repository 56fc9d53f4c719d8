"""Outreach's answers to events' plugin hooks about questions and feedback."""

from outreach.services import feedback, questions


def question_links_answer(sender, *, talk, kind, **kwargs):
    return questions.question_email_links(talk=talk, kind=kind)


def feedback_links_answer(sender, *, talk, count, **kwargs):
    return feedback.feedback_links_issue(talk=talk, count=count)


def coordinator_links_answer(sender, *, talk, **kwargs):
    return questions.coordinator_talk_links(talk=talk)
