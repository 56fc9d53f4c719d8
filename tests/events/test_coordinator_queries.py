"""The coordinator's lists cost the same number of queries however long they grow."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events import services
from tests.factories import CoordinatorFactory, RsvpFactory, TalkFactory, TopicFactory

# session, user, Coordinators check (view), Coordinators check (navigation), and for
# upcoming and past talks each a count (pagination) and a page, and the count of broken
# resource links and the count of new talk requests (events.hooks.coordinator_dashboard_links:
# one query each, outreach's)
DASHBOARD_QUERIES = 10
# the above with the talk, its topics, speakers, attendees, waitlist, pending count, changes
DETAIL_QUERIES = 13  # + undeliverable emails, + the audit row of who saw the attendees


@pytest.mark.parametrize("talks", [2, 8])  # both lists have some
def test_dashboard_query_count_does_not_grow_with_talks(
    client, coordinator, django_assert_num_queries, talks
):
    now = timezone.now()
    for number in range(talks):
        talk = TalkFactory(start=now + timedelta(days=number - talks // 2), topics=[TopicFactory()])
        RsvpFactory(talk=talk)
        RsvpFactory(talk=talk, status="waitlisted", waitlisted_at=now)

    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = client.get(reverse("coordinator_dashboard"))

    shown = [*response.context["upcoming"], *response.context["past"]]
    assert [(talk.seats_taken, talk.waitlist_count) for talk in shown] == [(1, 1)] * talks


@pytest.mark.parametrize("rsvps", [1, 12])
def test_talk_detail_query_count_does_not_grow_with_rsvps(
    client, coordinator, django_assert_num_queries, rsvps
):
    now = timezone.now()
    talk = TalkFactory(capacity=None, topics=[TopicFactory(), TopicFactory()])
    for _ in range(rsvps):
        RsvpFactory(talk=talk)
        RsvpFactory(talk=talk, status="waitlisted", waitlisted_at=now)
        RsvpFactory(talk=talk, status="pending", confirmed_at=None)
    for editor in (coordinator, CoordinatorFactory()):
        services.talk_update(talk=talk, by=editor, summary=f"Edited by {editor.email}")

    with django_assert_num_queries(DETAIL_QUERIES):
        response = client.get(reverse("coordinator_talk_detail", kwargs={"pk": talk.pk}))

    context = response.context
    assert (len(context["attending"]), len(context["waitlist"]), context["pending"]) == (
        rsvps,
        rsvps,
        rsvps,
    )
    assert len(context["changes"]) == 2


def test_dashboard_pages_long_lists(client, coordinator):
    for number in range(55):
        TalkFactory(start=timezone.now() + timedelta(days=number + 1))

    first = client.get(reverse("coordinator_dashboard"))
    second = client.get(reverse("coordinator_dashboard"), {"page": 2})

    assert (len(first.context["upcoming"]), len(second.context["upcoming"])) == (50, 5)
    assert 'href="?page=2"' in first.content.decode()
