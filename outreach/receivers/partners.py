"""Outreach's answers to events' plugin hooks (events/hooks.py) about partners: each one
calls a selector and returns what it says. Connected in OutreachConfig.ready()."""

from outreach.selectors.partners import cohosts_by_talk, talk_cohost_links


def talk_cohosts_answer(sender, *, talk_ids, **kwargs):
    return cohosts_by_talk(talk_ids)


def coordinator_talk_links_answer(sender, *, talk, **kwargs):
    return talk_cohost_links(talk)
