"""The RSVP services at their edges: the exact start, repeated clicks, every talk in a sweep,
and the reason a person is given, word for word."""

import pytest
from django.utils import timezone

from events import services
from events.email_facts import talk_context
from events.models import Rsvp
from notifications.models import OutgoingEmail
from notifications.selectors import preference_for
from tests.conftest import deliver_due
from tests.factories import CoordinatorFactory, RsvpFactory, TalkFactory, UserFactory

pytestmark = pytest.mark.django_db


def guest_rsvp(talk, email="guest@example.org"):
    return services.rsvp_create(talk=talk, email=email, name="Gale").rsvp


def member_rsvp(talk, party_size=1):
    user = UserFactory()
    return services.rsvp_create(
        talk=talk, email=user.email, name="Sam", user=user, party_size=party_size
    ).rsvp


def statuses(*rsvps):
    return [Rsvp.objects.get(pk=rsvp.pk).status for rsvp in rsvps]


def refusal(call, **kwargs) -> str:
    with pytest.raises(services.RsvpNotPossible) as refused:
        call(**kwargs)
    return str(refused.value)


def test_one_person_rsvps_to_two_talks_and_holds_a_seat_at_each():
    user = UserFactory()
    talks = [TalkFactory(), TalkFactory()]

    outcomes = [
        services.rsvp_create(talk=talk, email=user.email, name="Sam", user=user) for talk in talks
    ]

    assert [(o.created, o.rsvp.talk, o.rsvp.status) for o in outcomes] == [
        (True, talks[0], "confirmed"),
        (True, talks[1], "confirmed"),
    ]


def test_an_rsvp_stores_no_needs_and_no_source_unless_given():
    rsvp = member_rsvp(TalkFactory())

    assert Rsvp.objects.values_list("accessibility_needs", "heard_about").get(pk=rsvp.pk) == (
        "",
        "",
    )


def test_a_members_discreet_wish_is_kept_at_once_and_a_guests_once_confirmed():
    talk = TalkFactory()
    user = UserFactory()
    services.rsvp_create(talk=talk, email=user.email, name="Sam", user=user, discreet_emails=True)
    guest = services.rsvp_create(
        talk=talk, email="gale@example.org", name="Gale", discreet_emails=True
    ).rsvp
    before = preference_for(guest.email).discreet

    services.rsvp_confirm_email(rsvp=guest, discreet_emails=True)

    assert (preference_for(user.email).discreet, before) == (True, None)  # None: no choice yet
    assert preference_for(guest.email).discreet is True


def test_a_guest_asking_again_gets_the_link_in_the_form_they_asked_for():
    talk = TalkFactory(title="Ketamine 101")
    guest = guest_rsvp(talk)
    deliver_due()

    services.rsvp_create(talk=talk, email=guest.email, name="Gale", discreet_emails=True)

    assert [m.subject for m in deliver_due()] == [
        f"Your RSVP for {talk_context(talk)['date_short']}"
    ]


def test_confirming_twice_changes_nothing_and_sends_nothing_more():
    talk = TalkFactory(capacity=1)
    guest = guest_rsvp(talk)
    first = services.rsvp_confirm_email(rsvp=guest)
    deliver_due()

    again = services.rsvp_confirm_email(rsvp=guest)

    assert (again.status, again.confirmed_at) == ("confirmed", first.confirmed_at)
    assert deliver_due() == []


@pytest.mark.parametrize("status", ["cancelled", "expired"])
def test_confirming_an_rsvp_no_longer_pending_is_refused_with_the_reason(status):
    guest = guest_rsvp(TalkFactory())
    Rsvp.objects.filter(pk=guest.pk).update(status=status)

    reason = refusal(services.rsvp_confirm_email, rsvp=guest)

    assert reason == "This RSVP is no longer waiting for confirmation."
    assert statuses(guest) == [status]


def test_confirming_into_a_full_talk_without_a_waitlist_is_refused_with_the_reason():
    talk = TalkFactory(capacity=1, waitlist_enabled=False)
    guest = guest_rsvp(talk)
    member_rsvp(talk)

    reason = refusal(services.rsvp_confirm_email, rsvp=guest)

    assert reason == "This talk is full."
    assert statuses(guest) == ["pending"]


def test_a_party_over_the_limit_is_told_the_limit():
    talk = TalkFactory(max_companions=2)

    reason = refusal(member_rsvp, talk=talk, party_size=4)

    assert reason == "This talk allows up to 3 people per RSVP."


def test_cancelling_at_the_exact_start_is_refused_with_the_reason():
    talk = TalkFactory()
    rsvp = member_rsvp(talk)

    reason = refusal(services.rsvp_cancel, rsvp=rsvp, now=talk.start)

    assert reason == "This talk has already started, so RSVPs can no longer be cancelled."
    assert statuses(rsvp) == ["confirmed"]


def test_cancelling_without_notice_sends_nothing_and_withdraws_the_reminders():
    talk = TalkFactory(capacity=1)
    rsvp = member_rsvp(talk)
    deliver_due()

    services.rsvp_cancel(rsvp=rsvp, notify=False)

    assert deliver_due() == []
    assert sorted(
        OutgoingEmail.objects.filter(recipient=rsvp.email).values_list("kind", "state")
    ) == [("reminder", "cancelled"), ("reminder", "cancelled"), ("rsvp_confirmed", "sent")]


def test_seats_added_at_the_exact_start_go_to_nobody_waiting():
    talk = TalkFactory(capacity=1)
    member_rsvp(talk)
    waiting = member_rsvp(talk)

    services.talk_capacity_change(talk=talk, capacity=2, by=CoordinatorFactory(), now=talk.start)

    assert statuses(waiting) == ["waitlisted"]


def test_waitlists_fill_counts_the_parties_seated_across_every_talk():
    talks = [TalkFactory(capacity=1), TalkFactory(capacity=1)]
    waiting = []
    for talk in talks:
        seated = member_rsvp(talk)
        waiting.append(member_rsvp(talk))
        Rsvp.objects.filter(pk=seated.pk).update(status="cancelled")  # freed, nobody promoted

    promoted = services.waitlists_fill()

    assert (promoted, statuses(*waiting)) == (2, ["confirmed", "confirmed"])


def test_check_in_of_an_rsvp_not_confirmed_is_refused_with_the_reason():
    rsvp = RsvpFactory(status="waitlisted")

    reason = refusal(services.rsvp_check_in, rsvp=rsvp, by=CoordinatorFactory())

    assert reason == "Only confirmed RSVPs can be checked in."


def test_check_in_undone_is_forgotten():
    rsvp = RsvpFactory()
    services.rsvp_check_in(rsvp=rsvp, by=CoordinatorFactory(), now=timezone.now())

    services.rsvp_check_in_undo(rsvp=rsvp)

    assert Rsvp.objects.values_list("checked_in_at", "checked_in_by").get(pk=rsvp.pk) == (
        None,
        None,
    )
