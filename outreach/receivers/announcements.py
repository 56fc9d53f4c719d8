"""Outreach's answer to events' `talk_published` hook about announcements."""

from outreach.services.announcements import announcement_publish


def talk_published_announce(sender, *, talk, **kwargs):
    announcement_publish(talk=talk)
