"""The weekly digest: on the subscriber's day, one email listing the matching talks
announced since their last digest; none when nothing matches; never twice in a week."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from outreach.models import Subscriber
from outreach.services.announcements import announcement_publish, digests_queue
from tests.factories import SubscriberFactory, TalkFactory, TopicFactory

pytestmark = pytest.mark.django_db
DENVER = ZoneInfo("America/Denver")
# Monday 7 December 2026, 08:00 in the site's zone; the subscriber's day is Wednesday.
MONDAY = datetime(2026, 12, 7, 8, 0, tzinfo=DENVER)
WEDNESDAY = MONDAY + timedelta(days=2)


def weekly_subscriber(email: str, **fields) -> Subscriber:
    return SubscriberFactory(
        preference__email=email,
        frequency=Subscriber.Frequency.WEEKLY,
        digest_weekday=Subscriber.Weekday.WEDNESDAY,
        confirmed_at=MONDAY - timedelta(days=30),
        **fields,
    )


def announced(title: str, at: datetime, **fields):
    talk = TalkFactory(title=title, start=at + timedelta(days=20), **fields)
    announcement_publish(talk=talk, now=at)
    return talk


def test_a_digest_lists_the_matching_new_talks_on_the_subscribers_day_only(inbox):
    ptsd, research = TopicFactory(name="PTSD"), TopicFactory(name="Research")
    weekly_subscriber("weekly@example.org", topics=[ptsd])
    weekly_subscriber("nothing-new@example.org", topics=[TopicFactory(name="Carers")])
    announced("Ketamine and PTSD", MONDAY, topics=[ptsd])
    announced("Trial results", MONDAY, topics=[research])

    tuesday = digests_queue(now=MONDAY + timedelta(days=1))
    wednesday = digests_queue(now=WEDNESDAY)
    again = digests_queue(now=WEDNESDAY + timedelta(hours=5))
    arrived = inbox.deliver(WEDNESDAY + timedelta(hours=5))

    assert (tuesday, wednesday, again) == (0, 1, 0)
    assert [(to, subject) for to, subject, _text, _m in arrived] == [
        ("weekly@example.org", "This week: 1 new talk")
    ]
    text = arrived[0][2]
    assert ("Ketamine and PTSD" in text, "Trial results" in text) == (True, False)


def test_the_next_digest_lists_only_what_was_announced_since_the_last(inbox):
    weekly_subscriber("weekly@example.org")
    announced("First week", MONDAY)
    digests_queue(now=WEDNESDAY)
    announced("Second week", MONDAY + timedelta(days=7))

    next_week = digests_queue(now=WEDNESDAY + timedelta(days=7))
    quiet_week = digests_queue(now=WEDNESDAY + timedelta(days=14))
    arrived = inbox.deliver(WEDNESDAY + timedelta(days=14))

    assert (next_week, quiet_week) == (1, 0)
    first, second = (text for _to, _subject, text, _m in arrived)
    assert ("First week" in first, "Second week" in first) == (True, False)
    assert ("First week" in second, "Second week" in second) == (False, True)


def test_a_digest_subscriber_gets_no_email_for_each_talk(inbox):
    weekly_subscriber("weekly@example.org")

    announced("Any talk", MONDAY)

    assert inbox.deliver(MONDAY) == []


def test_the_digest_beat_task_is_scheduled_and_queues_through_the_service(settings):
    from outreach.tasks import queue_digests

    entry = settings.CELERY_BEAT_SCHEDULE["outreach-queue-digests"]

    assert (entry["task"], queue_digests.name) == ("outreach.queue_digests",) * 2
