"""A talk's VEVENT is the same bytes whenever it is built, until the talk changes.

Calendar clients compare DTSTAMP and SEQUENCE to decide whether an event changed, and a
feed's ETag is computed from the data, not the bytes: bytes that drift with the clock
would make a 304 answer for a document the client never saw.
"""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import caches
from icalendar import Calendar

from events import services
from events.calendar import talk_ics, talk_vevent
from tests.factories import CoordinatorFactory, TalkFactory

pytestmark = pytest.mark.django_db


def built_at(moment, build):
    with time_machine.travel(moment, tick=False):
        return build()


def clear_calendar_caches():
    for alias in ("calendar", "calendar_documents"):
        caches[alias].clear()


def test_vevent_stamps_are_the_talks_last_change_not_the_build_time():
    talk = TalkFactory()

    event = Calendar.from_ical(
        built_at(talk.updated_at + timedelta(days=2), lambda: talk_ics(talk))
    ).walk("VEVENT")[0]

    last_change = talk.updated_at.replace(microsecond=0)
    assert (event.decoded("DTSTAMP"), event.decoded("LAST-MODIFIED")) == (last_change, last_change)


def test_vevent_and_talk_ics_bytes_do_not_change_with_the_clock():
    talk = TalkFactory()
    soon, later = talk.updated_at + timedelta(minutes=1), talk.updated_at + timedelta(days=3)

    events = [built_at(m, lambda: talk_vevent(talk).to_ical()) for m in (soon, later)]
    files = [built_at(m, lambda: talk_ics(talk)) for m in (soon, later)]

    assert events[0] == events[1]
    assert files[0] == files[1]


@pytest.mark.parametrize("kind", ["public", "single"])
def test_feed_rebuilt_hours_later_is_the_same_bytes_under_the_same_validators(client, kind):
    talk = TalkFactory()
    url = {"public": "/calendar.ics", "single": f"/talks/{talk.slug}.ics"}[kind]
    first = built_at(talk.updated_at + timedelta(minutes=1), lambda: client.get(url))
    clear_calendar_caches()  # the cached VEVENTs expired, or another server answers

    again = built_at(talk.updated_at + timedelta(hours=3), lambda: client.get(url))

    assert (again.content, again["ETag"], again["Last-Modified"]) == (
        first.content,
        first["ETag"],
        first["Last-Modified"],
    )


def test_a_change_moves_dtstamp_and_sequence_but_keeps_the_uid():
    talk = TalkFactory()
    before = Calendar.from_ical(talk_ics(talk)).walk("VEVENT")[0]

    with time_machine.travel(talk.updated_at + timedelta(hours=1), tick=False):
        services.talk_reschedule(
            talk=talk,
            start=talk.start + timedelta(days=1),
            end=talk.end + timedelta(days=1),
            by=CoordinatorFactory(),
        )
    talk.refresh_from_db()
    after = Calendar.from_ical(talk_ics(talk)).walk("VEVENT")[0]

    assert (str(after["UID"]), after["SEQUENCE"]) == (str(before["UID"]), before["SEQUENCE"] + 1)
    assert after.decoded("DTSTAMP") == talk.updated_at.replace(microsecond=0)
    assert after.decoded("DTSTAMP") > before.decoded("DTSTAMP")
