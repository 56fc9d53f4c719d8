"""Talk writes are all or nothing: the row, its topics and speakers, the change log and the
emails. A failure injected after the talk's save (the database refuses the change-log row)
leaves the talk as it was and queues no email."""

import contextlib
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection
from django.utils import timezone

from events import services
from events.models import Talk, TalkChange
from notifications.models import OutgoingEmail
from tests.conftest import run_together
from tests.factories import (
    CoordinatorFactory,
    RsvpFactory,
    SpeakerFactory,
    TalkFactory,
    TopicFactory,
    VenueFactory,
)

pytestmark = pytest.mark.postgres


@contextlib.contextmanager
def change_log_refused():
    """A trigger makes PostgreSQL refuse every change-log row: a real failure, mid-write."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION refuse_change() RETURNS trigger AS $$ BEGIN "
            "RAISE EXCEPTION 'injected failure'; END $$ LANGUAGE plpgsql;"
            "CREATE TRIGGER refuse_change BEFORE INSERT ON events_talkchange "
            "FOR EACH ROW EXECUTE FUNCTION refuse_change();"
        )
    try:
        with pytest.raises(DatabaseError, match="injected failure"):
            yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER refuse_change ON events_talkchange;")
            cursor.execute("DROP FUNCTION refuse_change();")


def snapshot(talk):
    talk = Talk.objects.get(pk=talk.pk)
    return (
        talk.title,
        talk.status,
        talk.sequence,
        talk.venue_id,
        sorted(talk.topics.values_list("pk", flat=True)),
        sorted(talk.speakers.values_list("pk", flat=True)),
    )


@pytest.mark.django_db(transaction=True)
def test_a_failed_create_leaves_no_talk():
    with change_log_refused():
        services.talk_create(
            by=CoordinatorFactory(),
            topics=[TopicFactory()],
            speakers=[SpeakerFactory()],
            title="New talk",
            slug="new-talk",
            summary="Summary",
            venue=VenueFactory(),
            time_zone="America/Denver",
            start=timezone.now() + timedelta(days=3),
            end=timezone.now() + timedelta(days=3, hours=1),
        )

    assert (Talk.objects.count(), TalkChange.objects.count()) == (0, 0)
    assert Talk.topics.through.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_failed_edit_changes_nothing_and_queues_no_email():
    talk = TalkFactory(topics=[TopicFactory()])
    RsvpFactory.create_batch(2, talk=talk)
    before = snapshot(talk)

    with change_log_refused():
        services.talk_update(
            talk=Talk.objects.get(pk=talk.pk),
            by=CoordinatorFactory(),
            topics=[TopicFactory()],
            speakers=[SpeakerFactory()],
            title="A new title",
            venue=VenueFactory(),
        )

    assert snapshot(talk) == before
    assert OutgoingEmail.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_failed_publish_leaves_a_draft():
    talk = TalkFactory(status="draft")
    before = snapshot(talk)

    with change_log_refused():
        services.talk_publish(talk=talk, by=CoordinatorFactory())

    assert snapshot(talk) == before


@pytest.mark.django_db(transaction=True)
def test_a_failed_duplicate_leaves_no_copy():
    talk = TalkFactory(topics=[TopicFactory()], speakers=[SpeakerFactory()])
    start = talk.start + timedelta(days=7)

    with change_log_refused():
        services.talk_duplicate(
            talk=talk, start=start, end=start + timedelta(hours=1), by=CoordinatorFactory()
        )

    assert list(Talk.objects.values_list("pk", flat=True)) == [talk.pk]


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_cancelling_at_once_send_one_set_of_emails():
    talk = TalkFactory()
    RsvpFactory.create_batch(3, talk=talk)
    by = CoordinatorFactory()

    def cancel():
        try:
            return services.talk_cancel(talk=Talk.objects.get(pk=talk.pk), message="", by=by)
        except ValidationError as refusal:
            return refusal.messages

    results = run_together([cancel, cancel])

    assert sorted(map(type, results), key=str) == sorted([Talk, list], key=str)
    assert ["This talk is already cancelled."] in results
    assert OutgoingEmail.objects.filter(kind="talk_cancelled").count() == 3
    assert Talk.objects.get(pk=talk.pk).sequence == talk.sequence + 1
