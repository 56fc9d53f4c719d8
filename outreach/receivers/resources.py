"""Outreach's answers to events' plugin hooks about reading to take home."""

from outreach.services.resources import resources_dashboard_links, topic_resources


def topic_resources_answer(sender, *, topic_ids, **kwargs):
    return topic_resources(topic_ids=topic_ids)


def dashboard_links_answer(sender, **kwargs):
    return resources_dashboard_links()
