"""ATTENDEE_RETENTION_DAYS after a talk ends, its RSVPs say how many came and who was
checked in, and nothing that leads back to any of the people."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model

from config.celery import app
from events import services
from events.emails import talk_group
from events.models import CalendarFeed, Rsvp, Talk
from events.services.retention import attendees_anonymise_past
from notifications.models import OutgoingEmail
from tests.config.test_settings import start_django
from tests.conftest import deliver_due
from tests.factories import CoordinatorFactory, RsvpFactory, TalkFactory, UserFactory

START = datetime(2026, 3, 10, 18, 0, tzinfo=UTC)
END = START + timedelta(minutes=90)
AFTER_RETENTION = END + timedelta(days=180, minutes=1)
PERSONAL = ["email", "name", "user", "accessibility_needs", "heard_about"]
MOMENTS = ["created_at", "confirmed_at", "waitlisted_at", "cancelled_at", "checked_in_at"]


@pytest.fixture
def past_talk(db):
    """A talk as it happened: RSVPs through the service, emails sent, a party checked in,
    calendar feeds, the thank-you; Sam has an account, Alex came as a guest, Kim waited."""
    with time_machine.travel(START - timedelta(days=7), tick=False):
        talk = TalkFactory(
            start=START,
            end=END,
            capacity=4,
            max_companions=2,
            ask_accessibility_needs=True,
            ask_heard_about=True,
        )
        sam = UserFactory(email="sam@example.org")
        seated = services.rsvp_create(
            talk=talk,
            email=sam.email,
            name="Sam",
            user=sam,
            party_size=3,
            accessibility_needs="Captions, please",
            heard_about="A friend",
        ).rsvp
        guest = services.rsvp_create(talk=talk, email="alex@example.org", name="Alex").rsvp
        services.rsvp_confirm_email(rsvp=guest)
        kim = UserFactory(email="kim@example.org")
        services.rsvp_create(talk=talk, email=kim.email, name="Kim", user=kim, party_size=2)
        for address in ("sam@example.org", "alex@example.org"):
            services.calendar_feed_for(email=address)
        deliver_due()
    with time_machine.travel(START + timedelta(minutes=5), tick=False):
        services.rsvp_check_in(rsvp=seated, by=CoordinatorFactory())
    with time_machine.travel(END + timedelta(hours=3), tick=False):
        services.talks_send_thanks()
        deliver_due()
    return talk


def impact(talk: Talk) -> dict:
    """What the programme counts about a talk."""
    rsvps = Rsvp.objects.filter(talk=talk)
    return {
        "confirmed": rsvps.filter(status="confirmed").count(),
        "parties": sorted(rsvps.values_list("status", "party_size")),
        "checked_in": rsvps.exclude(checked_in_at=None).count(),
        "seats": Talk.objects.get(pk=talk.pk).seats_taken,
    }


def rows_of(talk: Talk) -> list[dict]:
    return list(Rsvp.objects.filter(talk=talk).order_by("pk").values("pk", *PERSONAL, *MOMENTS))


def run_nightly_task() -> int:
    """The task beat's schedule names, found by that name as a worker finds it."""
    app.loader.import_default_modules()  # what a worker does on start: finds every tasks.py
    name = django_settings.CELERY_BEAT_SCHEDULE["events-anonymise-past-attendees"]["task"]
    return app.tasks[name].apply().get()


def test_anonymised_rsvps_keep_counts_and_join_to_no_person(past_talk):
    talk = past_talk
    before = impact(talk)
    kept = (
        Rsvp.objects.filter(talk=talk).order_by("pk").values_list("pk", "status", "checked_in_at")
    )
    kept = [(pk, status, checked_in_at is not None) for pk, status, checked_in_at in kept]
    with time_machine.travel(AFTER_RETENTION, tick=False):
        upcoming = TalkFactory()
        sam = get_user_model().objects.get(email="sam@example.org")
        services.rsvp_create(talk=upcoming, email=sam.email, name="Sam", user=sam)

        anonymised = run_nightly_task()

    assert anonymised == 3
    assert rows_of(talk) == [
        {
            "pk": pk,
            "email": f"deleted-{pk}@deleted.invalid",
            "name": "",
            "user": None,
            "accessibility_needs": "",
            "heard_about": "",
            "created_at": START,
            "confirmed_at": START if status == "confirmed" else None,
            "waitlisted_at": START if status == "waitlisted" else None,
            "cancelled_at": None,
            "checked_in_at": START if checked_in else None,
        }
        for pk, status, checked_in in kept
    ]
    assert impact(talk) == before
    assert OutgoingEmail.objects.filter(group=talk_group(talk)).count() == 0
    assert set(OutgoingEmail.objects.exclude(group="").values_list("group", flat=True)) == {
        talk_group(upcoming)
    }
    assert list(CalendarFeed.objects.values_list("email", flat=True)) == ["sam@example.org"]
    assert list(Rsvp.objects.filter(talk=upcoming).values_list("name", flat=True)) == ["Sam"]


def test_anonymising_again_finds_nothing_to_do(past_talk):
    with time_machine.travel(AFTER_RETENTION, tick=False):
        first = run_nightly_task()
        after_first = rows_of(past_talk)

        second = run_nightly_task()

    assert (first, second) == (3, 0)
    assert rows_of(past_talk) == after_first


def test_talks_ended_within_the_retention_days_keep_their_attendees(past_talk, settings):
    with time_machine.travel(END + timedelta(days=180), tick=False):
        on_the_day = run_nightly_task()
    settings.ATTENDEE_RETENTION_DAYS = 365
    with time_machine.travel(AFTER_RETENTION, tick=False):
        with_longer_retention = run_nightly_task()

    assert (on_the_day, with_longer_retention) == (0, 0)
    assert sorted(Rsvp.objects.filter(talk=past_talk).values_list("name", flat=True)) == [
        "Alex",
        "Kim",
        "Sam",
    ]


def test_anonymising_works_through_every_batch(db):
    talk = TalkFactory(start=START, end=END)
    RsvpFactory.create_batch(5, talk=talk)

    with time_machine.travel(AFTER_RETENTION, tick=False):
        anonymised = attendees_anonymise_past(batch_size=2)

    assert anonymised == 5
    assert list(Rsvp.objects.filter(talk=talk).values_list("name", flat=True)) == [""] * 5


@pytest.mark.parametrize("value", ["0", "-3", "half a year"])
def test_a_retention_that_is_not_whole_days_refuses_to_start(value):
    result = start_django(ATTENDEE_RETENTION_DAYS=value)

    assert result.returncode != 0
    assert "ATTENDEE_RETENTION_DAYS must" in result.stderr
