from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from events import services
from events.models import Rsvp
from events.selectors import waitlist_position
from tests.conftest import deliver_due, text_of
from tests.factories import CoordinatorFactory, RsvpFactory, TalkFactory, UserFactory


def subjects():
    """Deliver what is due now; every (recipient, subject) sent so far in this test."""
    deliver_due()
    return [(message.to[0], message.subject) for message in mail.outbox]


def member_rsvp(talk, **kwargs):
    user = UserFactory()
    return services.rsvp_create(talk=talk, email=user.email, name="Sam", user=user, **kwargs).rsvp


@pytest.mark.django_db
def test_member_rsvp_is_confirmed_at_once_and_emailed():
    talk = TalkFactory(title="Ketamine 101", capacity=5)

    rsvp = member_rsvp(talk)

    assert rsvp.status == "confirmed"
    assert subjects() == [(rsvp.email, "You are going: Ketamine 101")]


@pytest.mark.django_db
def test_second_rsvp_for_same_email_returns_the_first_and_creates_nothing():
    talk = TalkFactory()
    first = services.rsvp_create(talk=talk, email="Guest@Example.org", name="G")

    second = services.rsvp_create(talk=talk, email="guest@example.org ", name="Other")

    assert (second.created, second.rsvp.pk) == (False, first.rsvp.pk)
    assert Rsvp.objects.count() == 1


@pytest.mark.django_db
def test_an_unconfirmed_guest_holds_no_seat_until_the_address_is_proven():
    talk = TalkFactory(title="Ketamine 101", capacity=1)
    now = timezone.now()

    guest = services.rsvp_create(talk=talk, email="g@example.org", name="G", now=now).rsvp
    member = member_rsvp(talk, now=now)
    guest = services.rsvp_confirm_email(rsvp=guest, now=now)

    assert (member.status, guest.status) == ("confirmed", "waitlisted")
    assert subjects()[0] == ("g@example.org", "Please confirm your RSVP: Ketamine 101")


@pytest.mark.django_db
def test_guest_confirmation_takes_a_free_seat():
    talk = TalkFactory(capacity=1)
    guest = services.rsvp_create(talk=talk, email="g@example.org", name="G").rsvp

    confirmed = services.rsvp_confirm_email(rsvp=guest)

    assert confirmed.status == "confirmed"


@pytest.mark.django_db
def test_an_unconfirmed_guest_rsvp_expires_after_a_day():
    talk = TalkFactory(capacity=1)
    now = timezone.now()
    guest = services.rsvp_create(talk=talk, email="g@example.org", name="G", now=now).rsvp
    seated = member_rsvp(talk, now=now)

    expired = services.rsvps_expire_unconfirmed(now=now + timedelta(hours=25))

    guest.refresh_from_db()
    seated.refresh_from_db()
    assert expired == 1
    assert (guest.status, seated.status) == ("expired", "confirmed")


@pytest.mark.django_db
def test_waitlists_fill_seats_parties_where_seats_are_free():
    """After seats are freed without a promotion (the migration that stopped unconfirmed
    guests holding seats), beat's sweep seats the waiting parties in order."""
    talk = TalkFactory(capacity=1)
    seated, first, second = member_rsvp(talk), member_rsvp(talk), member_rsvp(talk)
    Rsvp.objects.filter(pk=seated.pk).update(status="cancelled")  # freed, nobody promoted

    promoted = services.waitlists_fill()

    statuses = [Rsvp.objects.get(pk=r.pk).status for r in (seated, first, second)]
    assert (promoted, statuses) == (1, ["cancelled", "confirmed", "waitlisted"])


@pytest.mark.django_db
def test_full_talk_waitlists_in_order_and_promotes_the_first_when_a_seat_frees():
    talk = TalkFactory(title="Ketamine 101", capacity=1)
    seated, first, second = member_rsvp(talk), member_rsvp(talk), member_rsvp(talk)

    services.rsvp_cancel(rsvp=seated)

    statuses = [Rsvp.objects.get(pk=r.pk).status for r in (seated, first, second)]
    assert statuses == ["cancelled", "confirmed", "waitlisted"]
    assert subjects()[-2:] == [
        (seated.email, "RSVP cancelled: Ketamine 101"),
        (first.email, "A seat opened up for you: Ketamine 101"),
    ]


@pytest.mark.django_db
def test_waitlisted_email_tells_the_position():
    talk = TalkFactory(capacity=1)
    member_rsvp(talk)
    member_rsvp(talk)
    third = member_rsvp(talk)

    body = text_of(next(m for m in deliver_due() if m.to == [third.email]))

    assert waitlist_position(third) == 2
    assert "It is full, so you are number 2 on the waitlist for" in body


@pytest.mark.django_db
def test_party_counts_as_a_whole_and_waits_until_it_fits():
    talk = TalkFactory(capacity=3, max_companions=2)
    first = member_rsvp(talk, party_size=2)
    party = member_rsvp(talk, party_size=3)
    single = member_rsvp(talk)

    services.rsvp_cancel(rsvp=first)

    statuses = [Rsvp.objects.get(pk=r.pk).status for r in (party, single)]
    assert (party.status, single.status) == ("waitlisted", "waitlisted")
    assert statuses == ["confirmed", "waitlisted"]


@pytest.mark.django_db
def test_party_larger_than_allowed_is_refused():
    talk = TalkFactory(max_companions=1)

    with pytest.raises(services.RsvpNotPossible, match="up to 2 people per RSVP"):
        member_rsvp(talk, party_size=3)

    assert Rsvp.objects.count() == 0


@pytest.mark.django_db
def test_raising_capacity_promotes_the_waitlist():
    talk = TalkFactory(capacity=1)
    member_rsvp(talk)
    waiting = member_rsvp(talk)

    services.talk_capacity_change(talk=talk, capacity=2, by=CoordinatorFactory())

    waiting.refresh_from_db()
    assert waiting.status == "confirmed"


@pytest.mark.django_db
def test_capacity_below_seats_taken_is_refused():
    talk = TalkFactory(capacity=3)
    RsvpFactory.create_batch(2, talk=talk)

    with pytest.raises(ValidationError, match="2 seats are already taken"):
        services.talk_capacity_change(talk=talk, capacity=1, by=CoordinatorFactory())

    talk.refresh_from_db()
    assert talk.capacity == 3


@pytest.mark.django_db
def test_cancelling_after_the_start_is_refused():
    talk = TalkFactory()
    rsvp = member_rsvp(talk)

    with pytest.raises(services.RsvpNotPossible, match="already started"):
        services.rsvp_cancel(rsvp=rsvp, now=talk.start + timedelta(minutes=1))

    rsvp.refresh_from_db()
    assert rsvp.status == "confirmed"


@pytest.mark.django_db
def test_rsvps_close_at_the_closing_time():
    talk = TalkFactory()

    with pytest.raises(services.RsvpNotPossible, match="RSVPs for this talk are closed"):
        member_rsvp(talk, now=talk.start)


@pytest.mark.django_db
def test_cancelled_talk_accepts_no_rsvps():
    talk = TalkFactory(status="cancelled")

    with pytest.raises(services.RsvpNotPossible, match="This talk has been cancelled"):
        member_rsvp(talk)


@pytest.mark.django_db
def test_rsvp_again_after_cancelling_reuses_the_same_row():
    talk = TalkFactory()
    user = UserFactory()
    first = services.rsvp_create(talk=talk, email=user.email, name="S", user=user).rsvp
    services.rsvp_cancel(rsvp=first)

    again = services.rsvp_create(talk=talk, email=user.email, name="S", user=user)

    assert (again.created, again.rsvp.pk, again.rsvp.status) == (True, first.pk, "confirmed")


@pytest.mark.django_db
def test_talk_cancel_tells_everyone_confirmed_and_waitlisted():
    talk = TalkFactory(title="Ketamine 101", capacity=1)
    seated, waiting = member_rsvp(talk), member_rsvp(talk)
    deliver_due()
    mail.outbox.clear()

    services.talk_cancel(talk=talk, message="The speaker is ill.", by=CoordinatorFactory())

    assert sorted(subjects()) == sorted(
        [(seated.email, "Cancelled: Ketamine 101"), (waiting.email, "Cancelled: Ketamine 101")]
    )


@pytest.mark.django_db
def test_check_in_records_who_and_when_once():
    coordinator = CoordinatorFactory()
    rsvp = RsvpFactory()
    now = timezone.now()

    services.rsvp_check_in(rsvp=rsvp, by=coordinator, now=now)
    services.rsvp_check_in(rsvp=rsvp, by=coordinator, now=now + timedelta(minutes=5))

    rsvp.refresh_from_db()
    assert (rsvp.checked_in_at, rsvp.checked_in_by) == (now, coordinator)
