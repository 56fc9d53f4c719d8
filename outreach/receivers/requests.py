"""Outreach's answers to events' plugin hooks (events/hooks.py), connected in
OutreachConfig.ready(). Each only calls an outreach service."""

from outreach.services.requests import talk_request_published


def talk_published_request(sender, *, talk, by, **kwargs):
    talk_request_published(talk=talk)
