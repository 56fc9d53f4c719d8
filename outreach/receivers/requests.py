"""Outreach's answers to events' plugin hooks (events/hooks.py), connected in
OutreachConfig.ready(). Each only calls an outreach service."""

from outreach.services.requests import talk_request_published, talk_requests_dashboard_links


def talk_published_request(sender, *, talk, by, **kwargs):
    talk_request_published(talk=talk)


def dashboard_links_answer(sender, **kwargs):
    return talk_requests_dashboard_links()
