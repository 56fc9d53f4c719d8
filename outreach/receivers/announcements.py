"""Outreach's answers to events' hooks about announcements: a talk published is
announced, a talk cancelled has its unsent announcements withdrawn."""

from outreach.services.announcements import announcement_publish, announcements_withdraw


def talk_published_announce(sender, *, talk, **kwargs):
    announcement_publish(talk=talk)


def talk_cancelled_withdraw(sender, *, talk, **kwargs):
    announcements_withdraw(talk=talk)
