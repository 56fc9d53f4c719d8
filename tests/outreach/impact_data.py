"""Known attendance for the impact tests, at a moment frozen in June 2026 (Denver).

Held (published, over): A (March, in person, topic "First", series, venue one), B (April,
online, topic "Second") and C (April, in person and online, topic "First", venue two).
Not held: a cancelled talk, a draft and a talk to come, each with RSVPs that must not count.

    talk  confirmed parties  people  checked in  walk-ins  never seated
    A     1, 2, 1 (promoted) 4       2 + 1       2         2 (waiting) + 1 (left the line)
    B     1, 1               2       nobody      -         -
    C     1, 1, 1, 1         4       1 + 1       -         -
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from tests.factories import (
    RsvpFactory,
    SeriesFactory,
    TalkFactory,
    TopicFactory,
    VenueFactory,
    WalkInFactory,
)

DENVER = ZoneInfo("America/Denver")
NOW = datetime(2026, 6, 15, 12, 0, tzinfo=DENVER)


def at(month: int, day: int, hour: int = 18) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=DENVER)


def held_talk(start: datetime, **fields):
    return TalkFactory(start=start, end=start + timedelta(minutes=90), **fields)


@dataclass
class Attendance:
    a: object
    b: object
    c: object
    first: object
    second: object
    series: object
    venue_one: object
    venue_two: object


def confirmed(talk, *, party_size=1, checked_in=False, **fields):
    checked_in_at = talk.start + timedelta(minutes=5) if checked_in else None
    return RsvpFactory(talk=talk, party_size=party_size, checked_in_at=checked_in_at, **fields)


def never_seated(talk, *, status, party_size=1):
    return RsvpFactory(
        talk=talk,
        status=status,
        party_size=party_size,
        confirmed_at=None,
        waitlisted_at=talk.start - timedelta(days=2),
    )


def attendance_seed() -> Attendance:
    first, second = TopicFactory(name="First"), TopicFactory(name="Second")
    series, venue_one, venue_two = SeriesFactory(), VenueFactory(), VenueFactory()
    a = held_talk(at(3, 10), topics=[first], series=series, venue=venue_one, max_companions=1)
    b = held_talk(at(4, 20), topics=[second], venue=None, online_url="https://meet.example.org/b")
    c = held_talk(
        at(4, 25), topics=[first], venue=venue_two, online_url="https://meet.example.org/c"
    )
    confirmed(a, checked_in=True)
    confirmed(a, party_size=2, checked_in=True)
    confirmed(a, waitlisted_at=a.start - timedelta(days=3))  # promoted, then did not come
    never_seated(a, status="waitlisted", party_size=2)
    never_seated(a, status="cancelled")
    WalkInFactory(talk=a, people=2)
    confirmed(b)
    confirmed(b)
    for came in (True, True, False, False):
        confirmed(c, checked_in=came)
    not_held = [
        held_talk(at(4, 1), status="cancelled", topics=[first]),
        held_talk(at(5, 1), status="draft", topics=[first]),
        held_talk(at(7, 1), topics=[first]),
    ]
    for talk in not_held:
        confirmed(talk, checked_in=True)
        never_seated(talk, status="waitlisted")
    return Attendance(a, b, c, first, second, series, venue_one, venue_two)
