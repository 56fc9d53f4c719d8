"""A talk's seat and waitlist counters, which every page shows instead of counting RSVPs,
say what its RSVPs say after everything the service does to them."""

import contextlib
import random
from datetime import timedelta

import pytest
from django.utils import timezone

from events import services
from events.models import Rsvp, Talk
from events.privacy import person_data_delete
from tests.factories import RsvpFactory, TalkFactory, UserFactory

pytestmark = pytest.mark.django_db


def counters(talk: Talk) -> tuple[int, int]:
    talk.refresh_from_db()
    return talk.seats_taken, talk.waitlist_count


def truth(talk: Talk) -> tuple[int, int]:
    return Rsvp.objects.filter(talk=talk).counts()


def member_rsvp(talk: Talk, party_size: int = 1) -> Rsvp:
    user = UserFactory()
    return services.rsvp_create(
        talk=talk, email=user.email, name="M", user=user, party_size=party_size
    ).rsvp


def test_a_member_seated_then_one_waitlisted_move_the_counters():
    talk = TalkFactory(capacity=1)

    member_rsvp(talk)
    seated = counters(talk)
    member_rsvp(talk)

    assert (seated, counters(talk)) == ((1, 0), (1, 1))


def test_a_guest_counts_only_once_their_address_is_confirmed():
    talk = TalkFactory(capacity=5)

    rsvp = services.rsvp_create(talk=talk, email="guest@example.org", name="G").rsvp
    pending = counters(talk)
    services.rsvp_confirm_email(rsvp=rsvp)

    assert (pending, counters(talk)) == ((0, 0), (1, 0))


def test_a_cancellation_frees_the_seat_and_the_next_party_takes_it():
    talk = TalkFactory(capacity=2, max_companions=1)
    first = member_rsvp(talk, party_size=2)
    member_rsvp(talk, party_size=2)  # waits

    services.rsvp_cancel(rsvp=first)

    assert counters(talk) == truth(talk) == (2, 0)


def test_a_party_that_grows_then_shrinks_moves_the_counters_and_seats_the_next_party():
    talk = TalkFactory(capacity=3, max_companions=2)
    rsvp = member_rsvp(talk)
    services.rsvp_party_change(rsvp=rsvp, party_size=3)
    grown = counters(talk)
    member_rsvp(talk, party_size=2)  # waits

    services.rsvp_party_change(rsvp=rsvp, party_size=1)

    assert (grown, counters(talk)) == ((3, 0), (3, 0))
    assert counters(talk) == truth(talk)


def test_a_larger_capacity_seats_the_waitlist_and_the_counters_follow():
    talk = TalkFactory(capacity=1)
    member_rsvp(talk)
    member_rsvp(talk)

    services.talk_capacity_change(talk=talk, capacity=3, by=UserFactory())

    assert counters(talk) == (2, 0)


def test_seating_waiting_parties_in_free_seats_moves_the_counters():
    talk = TalkFactory(capacity=1)
    seated = RsvpFactory(talk=talk)
    RsvpFactory(talk=talk, status="waitlisted", waitlisted_at=timezone.now())
    Rsvp.objects.filter(pk=seated.pk).update(status="expired")  # freed past the services

    services.waitlists_fill()

    assert counters(talk) == truth(talk) == (1, 0)


def test_deleting_a_persons_data_gives_their_seat_to_the_next_in_line():
    talk = TalkFactory(capacity=1)
    leaving = member_rsvp(talk)
    member_rsvp(talk)

    person_data_delete(email=leaving.email)

    assert counters(talk) == truth(talk) == (1, 0)


def test_a_full_talk_page_and_list_say_so_from_the_counters(client):
    talk = TalkFactory(capacity=2, waitlist_enabled=False)
    member_rsvp(talk)
    member_rsvp(talk)

    page = client.get(talk.get_absolute_url()).content.decode()
    home = client.get("/").content.decode()

    assert "Full" in page
    assert "Full" in home


def test_three_hundred_random_steps_leave_the_counters_equal_to_the_rsvps():
    """Members come, wait, change their party, cancel; capacities move; the counters never
    drift."""
    chance = random.Random(8)
    talks = [TalkFactory(capacity=cap, max_companions=2) for cap in (1, 3, 6)]
    members = UserFactory.create_batch(12)
    for _step in range(300):
        talk, member = chance.choice(talks), chance.choice(members)
        action = chance.random()
        if action < 0.5:
            services.rsvp_create(
                talk=talk,
                email=member.email,
                name="M",
                user=member,
                party_size=chance.randint(1, 3),
            )
        elif action < 0.7:
            rsvp = Rsvp.objects.filter(talk=talk, email=member.email).first()
            if rsvp:
                services.rsvp_cancel(rsvp=rsvp)
        elif action < 0.85:
            rsvp = Rsvp.objects.filter(talk=talk, email=member.email).first()
            if rsvp:
                with contextlib.suppress(services.RsvpNotPossible):
                    services.rsvp_party_change(rsvp=rsvp, party_size=chance.randint(1, 3))
        else:
            talk.refresh_from_db()
            capacity = max(talk.seats_taken, chance.randint(1, 8))
            services.talk_capacity_change(talk=talk, capacity=capacity, by=member)
        assert counters(talk) == truth(talk)


def test_recounting_many_talks_at_once_matches_each_talks_rsvps():
    talks = [TalkFactory(capacity=10) for _ in range(3)]
    for number, talk in enumerate(talks):
        RsvpFactory.create_batch(number, talk=talk, party_size=2)
        RsvpFactory(talk=talk, status="waitlisted", waitlisted_at=timezone.now())
    Talk.objects.update(seats_taken=99, waitlist_count=99)

    services.talks_seats_recount(Talk.objects.all())

    assert [counters(talk) for talk in talks] == [(0, 1), (2, 1), (4, 1)]


def test_counters_never_move_a_talks_calendar_stamp():
    """Seats are in no calendar: a VEVENT cached under `updated_at` stays valid."""
    talk = TalkFactory(capacity=5, start=timezone.now() + timedelta(days=3))
    before = Talk.objects.get(pk=talk.pk).updated_at

    member_rsvp(talk)

    assert Talk.objects.get(pk=talk.pk).updated_at == before
