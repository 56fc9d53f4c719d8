"""A waiting party is seated only when its whole size fits, however the seats are freed."""

import pytest

from events import services
from events.models import Rsvp
from tests.conftest import deliver_due
from tests.factories import CoordinatorFactory, TalkFactory, UserFactory

pytestmark = pytest.mark.django_db


def member_rsvp(talk, party_size=1):
    user = UserFactory()
    return services.rsvp_create(
        talk=talk, email=user.email, name="Sam", user=user, party_size=party_size
    ).rsvp


def statuses(*rsvps):
    return [Rsvp.objects.get(pk=rsvp.pk).status for rsvp in rsvps]


def seats_taken(talk):
    return talk.rsvps.seats_taken()


def test_waitlisted_party_of_three_is_not_seated_on_one_freed_seat():
    talk = TalkFactory(title="Ketamine 101", capacity=3, max_companions=2)
    single, pair = member_rsvp(talk), member_rsvp(talk, party_size=2)
    party = member_rsvp(talk, party_size=3)
    behind = member_rsvp(talk)
    deliver_due()

    services.rsvp_cancel(rsvp=single)

    assert statuses(single, pair, party, behind) == [
        "cancelled",
        "confirmed",
        "waitlisted",
        "waitlisted",  # does not jump the party it queued behind
    ]
    assert seats_taken(talk) == 2
    assert [(m.to[0], m.subject) for m in deliver_due()] == [
        (single.email, "RSVP cancelled: Ketamine 101"),
    ]


def test_raising_capacity_by_one_leaves_a_waiting_party_of_three_waiting():
    talk = TalkFactory(capacity=2, max_companions=2)
    seated = [member_rsvp(talk), member_rsvp(talk)]
    party = member_rsvp(talk, party_size=3)

    services.talk_capacity_change(talk=talk, capacity=3, by=CoordinatorFactory())

    assert statuses(*seated, party) == ["confirmed", "confirmed", "waitlisted"]
    assert seats_taken(talk) == 2
