"""A new talk's announcements at scale: bulk inserts whose number of queries does not grow
with the subscribers, and a task once they are more than the request should carry."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications.models import EmailPreference, OutgoingEmail
from outreach.models import Subscriber
from outreach.services.announcements import announcement_publish, announcements_queue
from tests.conftest import wait_for
from tests.factories import CoordinatorFactory, TalkFactory, TopicFactory
from tests.outreach.conftest import draft_talk, publish

pytestmark = pytest.mark.django_db


def subscribers(count: int, *, start: int = 0, **fields) -> None:
    """`count` confirmed subscribers to every topic, made in bulk."""
    from django.utils import timezone

    emails = [f"fan{n}@example.org" for n in range(start, start + count)]
    EmailPreference.objects.bulk_create([EmailPreference(email=email) for email in emails])
    preferences = EmailPreference.objects.filter(email__in=emails)
    Subscriber.objects.bulk_create(
        Subscriber(preference=preference, confirmed_at=timezone.now(), **fields)
        for preference in preferences
    )


def queries_to_publish(talk) -> int:
    with CaptureQueriesContext(connection) as queries:
        announcement_publish(talk=talk)
    return len(queries)


@pytest.mark.postgres  # SQLite caps a statement's parameters, so its batches are smaller
def test_queuing_a_talks_announcements_takes_as_many_queries_for_1000_as_for_10():
    topic = TopicFactory()
    small, large = TalkFactory(topics=[topic]), TalkFactory(topics=[topic])
    subscribers(10)
    few = queries_to_publish(small)
    subscribers(990, start=10)
    many = queries_to_publish(large)

    assert (few, many) == (few, few)
    assert OutgoingEmail.objects.filter(kind="announcement").count() == 10 + 1000


def test_a_second_queuing_of_the_same_talk_adds_no_row():
    talk = TalkFactory()
    subscribers(5)

    announcement_publish(talk=talk)
    announcement_publish(talk=talk)

    keys = OutgoingEmail.objects.values_list("key", flat=True)
    subscriber_ids = Subscriber.objects.order_by("pk").values_list("pk", flat=True)
    assert sorted(keys) == sorted(f"announcement:{talk.pk}:{pk}" for pk in subscriber_ids)


def test_more_subscribers_than_the_threshold_queue_nothing_in_the_request(settings):
    settings.OUTREACH_ANNOUNCE_INLINE_MAX = 2
    talk = TalkFactory()
    subscribers(3)

    queued = announcements_queue(talk=talk, limit=settings.OUTREACH_ANNOUNCE_INLINE_MAX)

    assert (queued, OutgoingEmail.objects.count()) == (None, 0)


@pytest.mark.postgres
def test_above_the_threshold_a_worker_queues_every_announcement_after_publishing(
    settings, celery_worker
):
    settings.OUTREACH_ANNOUNCE_INLINE_MAX = 2
    subscribers(3)
    talk = draft_talk()

    publish(talk, CoordinatorFactory())

    announcements = OutgoingEmail.objects.filter(
        kind="announcement", key__startswith=f"announcement:{talk.pk}:"
    )
    wait_for(lambda: announcements.count() == 3, what="the task to queue three announcements")
