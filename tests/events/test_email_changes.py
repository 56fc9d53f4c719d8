"""Change notices say what changed, in the talk's own zone, to everyone with a place in it:
the confirmed and the waitlisted (who get no reminders)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from events import services
from events.models import Talk
from notifications.models import OutgoingEmail
from notifications.preferences import preference_update
from tests.conftest import deliver_due, text_of
from tests.factories import CoordinatorFactory, TalkFactory, UserFactory, VenueFactory

DENVER = ZoneInfo("America/Denver")


def member_rsvp(talk, email):
    return services.rsvp_create(talk=talk, email=email, name="Sam", user=UserFactory(email=email))


def changes_in(message) -> list[str]:
    """The lines under "What changed:" in the text part."""
    lines = text_of(message).splitlines()
    start = lines.index("What changed:") + 1
    end = lines.index("", start)
    return lines[start:end]


def notices(sent):
    return sorted(
        (m.to[0], m.subject, changes_in(m)) for m in sent if "What changed:" in text_of(m)
    )


@pytest.mark.django_db
def test_a_reschedule_notice_says_from_when_to_when_in_the_talks_own_zone(settings):
    settings.TIME_ZONE = "UTC"
    start = datetime(2030, 11, 28, 18, 30, tzinfo=DENVER)
    talk = TalkFactory(title="Ketamine 101", start=start, end=start + timedelta(minutes=90))
    member_rsvp(talk, "sam@example.org")
    deliver_due()

    later = start + timedelta(days=1)
    services.talk_reschedule(
        talk=talk, start=later, end=later + timedelta(minutes=90), by=CoordinatorFactory()
    )

    assert notices(deliver_due()) == [
        (
            "sam@example.org",
            "Changed: Ketamine 101",
            [
                "Start: Thu 28 Nov 18:30 → Fri 29 Nov 18:30",
                "End: Thu 28 Nov 20:00 → Fri 29 Nov 20:00",
            ],
        )
    ]


@pytest.mark.django_db
def test_a_venue_change_notice_names_both_venues_and_reaches_the_waitlist_too():
    talk = TalkFactory(title="Ketamine 101", capacity=1, venue=VenueFactory(name="Room A"))
    member_rsvp(talk, "seated@example.org")
    member_rsvp(talk, "waiting@example.org")
    deliver_due()

    services.talk_update(talk=talk, by=CoordinatorFactory(), venue=VenueFactory(name="Room B"))

    assert notices(deliver_due()) == [
        ("seated@example.org", "Changed: Ketamine 101", ["Venue: Room A → Room B"]),
        ("waiting@example.org", "Changed: Ketamine 101", ["Venue: Room A → Room B"]),
    ]


@pytest.mark.django_db
def test_after_a_change_the_waitlisted_get_the_notice_but_no_reminders():
    talk = TalkFactory(capacity=1)
    member_rsvp(talk, "seated@example.org")
    member_rsvp(talk, "waiting@example.org")
    deliver_due()
    start = talk.start + timedelta(days=2)

    services.talk_reschedule(
        talk=talk, start=start, end=start + timedelta(hours=1), by=CoordinatorFactory()
    )

    queued = OutgoingEmail.objects.filter(state="queued").order_by("recipient", "kind", "due_at")
    assert list(queued.values_list("recipient", "kind")) == [
        ("seated@example.org", "reminder"),
        ("seated@example.org", "reminder"),
        ("seated@example.org", "talk_changed"),
        ("waiting@example.org", "talk_changed"),
    ]
    assert list(queued.filter(kind="reminder").values_list("due_at", flat=True)) == [
        start - timedelta(hours=24),
        start - timedelta(hours=2),
    ]


@pytest.mark.django_db
def test_a_discreet_notice_gives_the_new_times_but_not_the_new_place():
    start = datetime(2030, 11, 28, 18, 30, tzinfo=DENVER)
    talk = TalkFactory(
        start=start, end=start + timedelta(hours=1), venue=VenueFactory(name="Room A")
    )
    preference_update(email="quiet@example.org", discreet=True)
    member_rsvp(talk, "quiet@example.org")
    deliver_due()
    coordinator = CoordinatorFactory()

    later = start + timedelta(days=1)
    services.talk_reschedule(talk=talk, start=later, end=later + timedelta(hours=1), by=coordinator)
    moved = Talk.objects.get(pk=talk.pk)
    services.talk_update(talk=moved, by=coordinator, venue=VenueFactory(name="Room B"))

    assert notices(deliver_due()) == [
        (
            "quiet@example.org",
            "Change to your event on 29 November",
            [
                "Start: Thu 28 Nov 18:30 → Fri 29 Nov 18:30",
                "End: Thu 28 Nov 19:30 → Fri 29 Nov 19:30",
            ],
        ),
        ("quiet@example.org", "Change to your event on 29 November", ["Venue: changed"]),
    ]
