"""Outreach's answers to events' hooks for a person's own data (events/hooks.py),
connected in OutreachConfig.ready(). Each only calls an outreach service."""

from outreach.services.privacy import (
    person_outreach_forget,
    person_subscription,
    person_talk_requests,
)


def person_data_answer(sender, *, email, **kwargs):
    return person_talk_requests(email=email) + person_subscription(email=email)


def person_forget_answer(sender, *, email, now, **kwargs):
    person_outreach_forget(email=email, now=now)
