"""Capacity under real concurrency on PostgreSQL: many threads, one seat."""

import pytest
from django.db import connection

from events import services
from events.models import Rsvp
from tests.conftest import run_together
from tests.factories import RsvpFactory, TalkFactory, UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CONCURRENT = 50


def rsvp_for(talk, user):
    return lambda: services.rsvp_create(talk=talk, email=user.email, name="M", user=user)


def statuses(talk):
    return list(Rsvp.objects.filter(talk=talk).values_list("status", flat=True))


def counters(talk) -> tuple[int, int]:
    talk.refresh_from_db()
    return talk.seats_taken, talk.waitlist_count


@pytest.fixture
def slow_rsvp_inserts():
    """Each new RSVP row takes 20 ms to insert (a trigger sleeps): the window between
    counting seats and taking one is wide, so without the lock the race is certain."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION slow_insert() RETURNS trigger AS $$ BEGIN "
            "PERFORM pg_sleep(0.02); RETURN NEW; END $$ LANGUAGE plpgsql;"
            "CREATE TRIGGER slow_insert BEFORE INSERT ON events_rsvp "
            "FOR EACH ROW EXECUTE FUNCTION slow_insert();"
        )
    yield
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER slow_insert ON events_rsvp; DROP FUNCTION slow_insert();")


@pytest.mark.usefixtures("slow_rsvp_inserts")
def test_fifty_concurrent_rsvps_for_one_seat_confirm_exactly_one():
    talk = TalkFactory(capacity=1)
    users = UserFactory.create_batch(CONCURRENT)

    run_together([rsvp_for(talk, user) for user in users])

    result = statuses(talk)
    assert (result.count("confirmed"), result.count("waitlisted")) == (1, CONCURRENT - 1)
    assert counters(talk) == (1, CONCURRENT - 1)  # what the pages show, kept in step


@pytest.mark.usefixtures("slow_rsvp_inserts")
def test_without_the_lock_the_same_race_oversells(settings):
    """The control run: proves the harness above really races."""
    settings.EVENTS_LOCK_TALKS = False
    talk = TalkFactory(capacity=1)
    users = UserFactory.create_batch(CONCURRENT)

    run_together([rsvp_for(talk, user) for user in users])

    assert statuses(talk).count("confirmed") > 1


def test_cancellations_racing_new_rsvps_keep_capacity_and_waitlist_order():
    talk = TalkFactory(capacity=5)
    seated = RsvpFactory.create_batch(5, talk=talk)
    waiting = [
        services.rsvp_create(talk=talk, email=u.email, name="W", user=u).rsvp
        for u in UserFactory.create_batch(5)
    ]
    newcomers = UserFactory.create_batch(20)
    cancels = [lambda r=r: services.rsvp_cancel(rsvp=r) for r in seated]

    run_together(cancels + [rsvp_for(talk, user) for user in newcomers])

    confirmed = set(Rsvp.objects.filter(talk=talk, status="confirmed").values_list("pk", flat=True))
    still_waiting = list(Rsvp.objects.filter(talk=talk).waitlist().values_list("pk", flat=True))
    assert confirmed == {r.pk for r in waiting}
    assert len(still_waiting) == 20
    assert Rsvp.objects.filter(talk=talk).seats_taken() <= 5
    assert counters(talk) == Rsvp.objects.filter(talk=talk).counts() == (5, 20)


@pytest.fixture
def slow_rsvp_updates():
    """Each RSVP row update takes 200 ms (a trigger sleeps): two parties counting the last
    free seat both see it, unless the lock makes the second wait for the first."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION slow_update() RETURNS trigger AS $$ BEGIN "
            "PERFORM pg_sleep(0.2); RETURN NEW; END $$ LANGUAGE plpgsql;"
            "CREATE TRIGGER slow_update BEFORE UPDATE ON events_rsvp "
            "FOR EACH ROW EXECUTE FUNCTION slow_update();"
        )
    yield
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER slow_update ON events_rsvp; DROP FUNCTION slow_update();")


def grow_both_into_the_last_seat():
    """Two seated people of one each, one seat left; both ask for a companion at once."""
    talk = TalkFactory(capacity=3, max_companions=1)
    first, second = RsvpFactory.create_batch(2, talk=talk)

    def grow(rsvp):
        try:
            return services.rsvp_party_change(rsvp=rsvp, party_size=2).party_size
        except services.RsvpNotPossible:
            return "refused"

    outcomes = run_together([lambda: grow(first), lambda: grow(second)])
    return talk, sorted(outcomes, key=str)


@pytest.mark.usefixtures("slow_rsvp_updates")
def test_two_parties_growing_into_the_last_seat_at_once_only_one_gets_it():
    talk, outcomes = grow_both_into_the_last_seat()

    assert outcomes == [2, "refused"]
    assert Rsvp.objects.filter(talk=talk).seats_taken() == 3
    assert counters(talk) == (3, 0)


@pytest.mark.usefixtures("slow_rsvp_updates")
def test_without_the_lock_two_parties_growing_oversell(settings):
    """The control run: proves the race above is real."""
    settings.EVENTS_LOCK_TALKS = False

    talk, outcomes = grow_both_into_the_last_seat()

    assert outcomes == [2, 2]
    assert Rsvp.objects.filter(talk=talk).seats_taken() == 4
