"""A person changes how many people their RSVP is for: within capacity and the talk's
companions, before it starts, never past anyone waiting; freed seats go to the waitlist,
and the person gets the RSVP as it now is by email."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events import services
from events.models import Rsvp
from tests.conftest import deliver_due, text_of
from tests.events.test_email_calendar import calendar_texts
from tests.events.test_waitlist_party_size import member_rsvp
from tests.factories import TalkFactory

pytestmark = pytest.mark.django_db


def state(rsvp) -> tuple[str, int]:
    rsvp = Rsvp.objects.get(pk=rsvp.pk)
    return rsvp.status, rsvp.party_size


def refused(rsvp, party_size, **kwargs) -> str:
    with pytest.raises(services.RsvpNotPossible) as refusal:
        services.rsvp_party_change(rsvp=rsvp, party_size=party_size, **kwargs)
    return str(refusal.value)


def test_a_seated_party_grows_into_free_seats_and_gets_the_event_again():
    talk = TalkFactory(title="Ketamine 101", capacity=3, max_companions=2)
    rsvp = member_rsvp(talk)
    deliver_due()

    services.rsvp_party_change(rsvp=rsvp, party_size=3)

    talk.refresh_from_db()
    assert (state(rsvp), talk.seats_taken) == (("confirmed", 3), 3)
    (email,) = deliver_due()
    assert email.subject == "Your RSVP is updated: Ketamine 101"
    assert "is now for 3 people. Your seats are confirmed." in text_of(email)
    assert [method for method, _text in calendar_texts(email)] == ["PUBLISH", "PUBLISH"]


def test_a_seated_party_cannot_grow_past_the_free_seats_and_keeps_its_seat():
    talk = TalkFactory(capacity=3, max_companions=2)
    rsvp = member_rsvp(talk)
    member_rsvp(talk)
    deliver_due()

    reason = refused(rsvp, 3)

    assert reason == "There are not enough free seats for more people, so your RSVP is unchanged."
    assert state(rsvp) == ("confirmed", 1)
    assert deliver_due() == []


def test_a_seated_party_cannot_grow_into_a_seat_a_waiting_party_is_ahead_for():
    """One seat is free but the party of two at the head of the waitlist needs two: a
    seated person may not take it, as a new RSVP could not."""
    talk = TalkFactory(capacity=3, max_companions=2)
    rsvp = member_rsvp(talk)
    member_rsvp(talk)
    waiting = member_rsvp(talk, party_size=2)

    reason = refused(rsvp, 2)

    assert reason.startswith("There are not enough free seats")
    assert (state(rsvp), state(waiting)) == (("confirmed", 1), ("waitlisted", 2))


def test_shrinking_frees_seats_for_the_next_party_in_line():
    talk = TalkFactory(capacity=3, max_companions=2)
    rsvp = member_rsvp(talk, party_size=3)
    waiting = member_rsvp(talk, party_size=2)
    deliver_due()

    services.rsvp_party_change(rsvp=rsvp, party_size=1)

    assert (state(rsvp), state(waiting)) == (("confirmed", 1), ("confirmed", 2))
    assert sorted((m.to[0], m.subject.split(":")[0]) for m in deliver_due()) == sorted(
        [(rsvp.email, "Your RSVP is updated"), (waiting.email, "A seat opened up for you")]
    )


def test_a_waiting_party_changes_its_size_and_keeps_its_place_in_line():
    talk = TalkFactory(capacity=1, max_companions=2)
    member_rsvp(talk)
    first, second = member_rsvp(talk), member_rsvp(talk)
    deliver_due()

    services.rsvp_party_change(rsvp=first, party_size=3)

    first = Rsvp.objects.get(pk=first.pk)
    assert (first.status, first.party_size) == ("waitlisted", 3)
    assert list(talk.rsvps.waitlist().values_list("pk", flat=True)) == [first.pk, second.pk]
    (email,) = deliver_due()
    assert "is now for 3 people. You are still number 1 on the waitlist." in text_of(email)
    assert calendar_texts(email) == []


def test_a_waiting_party_that_shrinks_to_fit_is_seated():
    talk = TalkFactory(capacity=2, max_companions=2)
    member_rsvp(talk)
    waiting = member_rsvp(talk, party_size=3)
    deliver_due()

    services.rsvp_party_change(rsvp=waiting, party_size=1)

    assert state(waiting) == ("confirmed", 1)
    assert [m.subject.split(":")[0] for m in deliver_due()] == ["A seat opened up for you"]


@pytest.mark.parametrize("party_size", [0, 4])
def test_a_party_stays_within_one_plus_the_talks_companions(party_size):
    talk = TalkFactory(capacity=10, max_companions=2)
    rsvp = member_rsvp(talk)

    assert refused(rsvp, party_size) == "This talk allows up to 3 people per RSVP."
    assert state(rsvp) == ("confirmed", 1)


def test_no_change_once_the_talk_has_started():
    talk = TalkFactory(capacity=10, max_companions=2)
    rsvp = member_rsvp(talk, party_size=2)

    reason = refused(rsvp, 1, now=talk.start + timedelta(minutes=1))

    assert reason == "This talk has started or is over, so RSVPs can no longer change."
    assert state(rsvp) == ("confirmed", 2)


def test_once_rsvps_close_a_party_may_shrink_but_not_grow():
    talk = TalkFactory(capacity=10, max_companions=2)
    talk.rsvp_closes_at = timezone.now() + timedelta(days=1)
    talk.save()
    rsvp = member_rsvp(talk, party_size=2)
    closed = talk.rsvp_closes_at + timedelta(minutes=1)

    reason = refused(rsvp, 3, now=closed)
    services.rsvp_party_change(rsvp=rsvp, party_size=1, now=closed)

    assert reason == "RSVPs for this talk are closed."
    assert state(rsvp) == ("confirmed", 1)


@pytest.mark.parametrize("status", ["pending", "cancelled", "expired"])
def test_only_a_confirmed_or_waiting_rsvp_changes_its_size(status):
    talk = TalkFactory(capacity=10, max_companions=2)
    rsvp = member_rsvp(talk)
    Rsvp.objects.filter(pk=rsvp.pk).update(status=status)

    reason = refused(rsvp, 2)

    assert reason == "Only a confirmed or waitlisted RSVP can change its size."
    assert state(rsvp) == (status, 1)


def test_the_same_size_changes_nothing_and_sends_nothing():
    talk = TalkFactory(capacity=10, max_companions=2)
    rsvp = member_rsvp(talk, party_size=2)
    deliver_due()

    services.rsvp_party_change(rsvp=rsvp, party_size=2)

    assert deliver_due() == []
