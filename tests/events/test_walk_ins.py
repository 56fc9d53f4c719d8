"""At the door the page counts people, not RSVPs: a party of three is three, and people
who walk in without an RSVP count as in. Walk-ins take seats, under the talk's lock, so
the seat counters stay true; a walk-in's name is attendee data like any RSVP's."""

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from events import services
from events.locking import TalkBusy
from events.models import AttendeeListAccess, Rsvp, Talk, WalkIn
from events.services.retention import attendees_anonymise_past
from tests.conftest import talk_lock_held
from tests.factories import RsvpFactory, TalkFactory, UserFactory, WalkInFactory

pytestmark = pytest.mark.django_db


def door_count(client, talk) -> str:
    page = client.get(f"/coordinate/talks/{talk.pk}/check-in/").content.decode()
    start = page.index('id="door-count">') + len('id="door-count">')
    return page[start : page.index("</p>", start)]


def counters(talk) -> tuple[int, int]:
    talk = Talk.objects.get(pk=talk.pk)
    return talk.seats_taken, talk.waitlist_count


def test_check_in_counts_the_people_of_each_party(client, coordinator):
    talk = TalkFactory(max_companions=3)
    RsvpFactory(talk=talk, party_size=2, checked_in_at=timezone.now())
    RsvpFactory(talk=talk, party_size=3)
    RsvpFactory(talk=talk, party_size=4, status="waitlisted", waitlisted_at=timezone.now())

    assert door_count(client, talk) == "2 of 5 people checked in"


def test_walk_ins_count_as_in_and_take_seats(client, coordinator):
    talk = TalkFactory(capacity=10, max_companions=1)
    RsvpFactory(talk=talk, party_size=2)

    services.walk_in_add(talk=talk, people=3, by=coordinator)

    assert door_count(client, talk) == "3 of 5 people checked in"
    assert counters(talk) == (5, 0)
    assert Talk.objects.get(pk=talk.pk).seats_left == 5


def test_a_walk_in_posted_from_the_page_is_stored_and_the_page_keeps_its_place(client, coordinator):
    talk = TalkFactory()

    response = client.post(
        f"/coordinate/talks/{talk.pk}/walk-ins/",
        {"people": "2", "name": "\u202eRiver\r\nBcc: x@example.org", "q": "riv"},
    )

    assert response["Location"] == f"/coordinate/talks/{talk.pk}/check-in/?q=riv#walk-ins"
    assert list(WalkIn.objects.values_list("talk", "people", "name", "by")) == [
        (talk.pk, 2, "River Bcc: x@example.org", coordinator.pk)
    ]
    assert counters(talk) == (2, 0)


@pytest.mark.parametrize("people", ["0", "-1", "21", "", "two", "\x00"])
def test_a_walk_in_of_no_or_too_many_people_changes_nothing(client, coordinator, people):
    talk = TalkFactory()

    response = client.post(f"/coordinate/talks/{talk.pk}/walk-ins/", {"people": people})

    assert response["Location"] == f"/coordinate/talks/{talk.pk}/check-in/#walk-ins"
    assert (WalkIn.objects.count(), counters(talk)) == (0, (0, 0))


def test_removing_a_walk_in_gives_its_seats_to_the_waitlist(client, coordinator):
    talk = TalkFactory(capacity=2)
    walk_in = WalkInFactory(talk=talk, people=2)
    member = UserFactory()
    waiting = services.rsvp_create(talk=talk, email=member.email, name="Kim", user=member).rsvp
    assert (waiting.status, counters(talk)) == ("waitlisted", (2, 1))

    client.post(f"/coordinate/walk-ins/{walk_in.pk}/remove/")

    assert (Rsvp.objects.get(pk=waiting.pk).status, counters(talk)) == ("confirmed", (1, 0))
    assert WalkIn.objects.count() == 0


def test_a_talk_full_of_walk_ins_waitlists_the_next_rsvp(coordinator):
    talk = TalkFactory(capacity=2)
    services.walk_in_add(talk=talk, people=2, by=coordinator)
    member = UserFactory()

    rsvp = services.rsvp_create(talk=talk, email=member.email, name="Kim", user=member).rsvp

    assert (rsvp.status, counters(talk)) == ("waitlisted", (2, 1))


def test_capacity_cannot_go_below_the_seats_walk_ins_hold(coordinator):
    talk = TalkFactory(capacity=5)
    WalkInFactory(talk=talk, people=3)

    with pytest.raises(ValidationError):
        services.talk_capacity_change(talk=talk, capacity=2, by=coordinator)

    assert Talk.objects.get(pk=talk.pk).capacity == 5


def test_recounting_many_talks_counts_their_walk_ins(coordinator):
    talk = TalkFactory()
    RsvpFactory(talk=talk, party_size=1)
    WalkInFactory(talk=talk, people=4)
    Talk.objects.filter(pk=talk.pk).update(seats_taken=0)

    services.talks_seats_recount(Talk.objects.filter(pk=talk.pk))

    assert counters(talk) == (5, 0)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_walk_in_waits_for_the_talk_lock(settings, coordinator):
    settings.EVENTS_LOCK_TIMEOUT_MS = 200
    talk = TalkFactory(capacity=5)

    with talk_lock_held(talk), pytest.raises(TalkBusy):
        services.walk_in_add(talk=talk, people=1, by=coordinator)

    assert (WalkIn.objects.count(), counters(talk)) == (0, (0, 0))


def test_walk_ins_are_listed_on_the_check_in_page_only_to_coordinators(client, coordinator):
    talk = TalkFactory()
    WalkInFactory(talk=talk, people=1, name="Jordan Lee")
    WalkInFactory(talk=talk, people=2)

    page = client.get(f"/coordinate/talks/{talk.pk}/check-in/").content.decode()
    client.logout()
    public = client.get(talk.get_absolute_url()).content.decode()

    assert "Remove walk-in Jordan Lee" in page
    assert "Remove this walk-in of 2 people" in page
    assert "Including 3 walk-ins." in page
    assert "Jordan" not in public
    assert AttendeeListAccess.objects.filter(what="check_in").count() == 1


def test_the_attendee_csv_lists_walk_ins_after_the_rsvps(client, coordinator):
    talk = TalkFactory(time_zone="UTC")
    RsvpFactory(talk=talk, name="Ana", email="ana@example.org")
    WalkInFactory(talk=talk, people=2, name="=Jo", at=datetime(2026, 5, 1, 18, 5, tzinfo=UTC))

    response = client.get(f"/coordinate/talks/{talk.pk}/attendees.csv")

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert [row[:4] for row in rows[1:]] == [
        ["Confirmed", "Ana", "ana@example.org", "1"],
        ["Walk-in", "'=Jo", "", "2"],
    ]
    assert rows[2][6] == "2026-05-01 18:05"


def test_retention_empties_walk_in_names_and_keeps_how_many(settings):
    start = datetime(2026, 3, 10, 18, 0, tzinfo=UTC)
    talk = TalkFactory(start=start, end=start + timedelta(hours=1))
    WalkInFactory(talk=talk, people=2, name="Jordan Lee", at=start + timedelta(minutes=7))
    WalkInFactory(talk=talk, people=1, at=start + timedelta(minutes=9))
    recent = TalkFactory()
    WalkInFactory(talk=recent, people=1, name="Sky")

    attendees_anonymise_past(
        now=talk.end + timedelta(days=settings.ATTENDEE_RETENTION_DAYS, minutes=1)
    )

    assert sorted(WalkIn.objects.values_list("talk", "people", "name", "at")) == sorted(
        [
            (talk.pk, 2, "", start),
            (talk.pk, 1, "", start + timedelta(minutes=9)),
            (recent.pk, 1, "Sky", WalkIn.objects.get(name="Sky").at),
        ]
    )
    assert counters(talk) == (3, 0)
