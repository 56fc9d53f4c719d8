"""The pages after an RSVP: where a member lands, cancelling that asks once, the cancelled
page's way back, and changing the party size from the RSVP page."""

import pytest

from events import services, tokens
from events.models import Rsvp
from tests.conftest import NEVER_STORED
from tests.factories import RsvpFactory, TalkFactory, UserFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def test_a_member_lands_on_their_own_rsvp_page_with_what_happens_next(client):
    member = UserFactory()
    talk = TalkFactory(title="Ketamine 101", capacity=5, max_companions=2)
    client.force_login(member)

    response = client.post(f"/talks/{talk.slug}/rsvp/", {"name": "Jo", "companions": "1"})

    rsvp = Rsvp.objects.get()
    assert response["Location"] == f"/me/rsvps/{rsvp.pk}/"
    page = client.get(response["Location"])
    assert page["Cache-Control"] == NEVER_STORED
    shown = text(page)
    assert "<h1>You are going</h1>" in shown
    assert "2 people (you and your companions)" in shown
    assert "What happens next" in shown
    assert f'href="/talks/{talk.slug}.ics"' in shown  # add to calendar


def test_a_waitlisted_member_lands_on_the_page_with_their_place_in_line(client):
    talk = TalkFactory(capacity=1)
    RsvpFactory(talk=talk)
    member = UserFactory()
    client.force_login(member)

    page = client.post(f"/talks/{talk.slug}/rsvp/", {"name": "Jo"}, follow=True)

    assert "<h1>You are on the waitlist: number 1</h1>" in text(page)
    assert ".ics" not in text(page)  # no event in a calendar without a seat


def test_a_member_never_reaches_another_persons_rsvp_page(client):
    other = RsvpFactory()
    client.force_login(UserFactory())

    assert client.get(f"/me/rsvps/{other.pk}/").status_code == 404
    assert client.get(f"/me/rsvps/{other.pk}/cancel/").status_code == 404


def test_cancelling_asks_first_naming_the_talk_its_date_and_the_waitlist(client):
    talk = TalkFactory(title="Ketamine 101", capacity=1)
    rsvp = RsvpFactory(talk=talk)
    services.rsvp_create(talk=talk, email="w@example.org", name="W", user=UserFactory())
    manage = tokens.rsvp_token(rsvp_id=rsvp.pk, purpose=tokens.MANAGE)

    question = text(client.get(f"/rsvp/{manage}/cancel/"))

    when = talk.start.astimezone(talk.tzinfo).strftime("%A %-d %B %Y, %H:%M")
    assert f"<h1>Cancel your seat for “Ketamine 101” on {when}?</h1>" in question
    assert "Someone on the waitlist will get it." in question
    assert '<button type="submit" class="danger">Yes, cancel my seat</button>' in question
    assert Rsvp.objects.get(pk=rsvp.pk).status == "confirmed"  # asking changes nothing


def test_without_a_waitlist_the_question_promises_nobody_the_seat(client):
    rsvp = RsvpFactory(talk=TalkFactory(capacity=1))
    manage = tokens.rsvp_token(rsvp_id=rsvp.pk, purpose=tokens.MANAGE)

    question = text(client.get(f"/rsvp/{manage}/cancel/"))

    assert "Cancel your seat for" in question
    assert "waitlist" not in question


def test_the_cancelled_page_offers_to_rsvp_again_while_seats_remain(client):
    rsvp = RsvpFactory(talk=TalkFactory(capacity=5))
    manage = tokens.rsvp_token(rsvp_id=rsvp.pk, purpose=tokens.MANAGE)

    page = text(client.post(f"/rsvp/{manage}/cancel/", follow=True))

    assert Rsvp.objects.get(pk=rsvp.pk).status == "cancelled"
    assert "<strong>Your RSVP is cancelled</strong>" in page
    assert ">RSVP again</a> Seats are still free." in page


def test_the_cancelled_page_offers_the_waitlist_once_the_seat_is_taken(client):
    talk = TalkFactory(capacity=1)
    member = UserFactory()
    rsvp = services.rsvp_create(talk=talk, email=member.email, name="M", user=member).rsvp
    services.rsvp_create(talk=talk, email="w@example.org", name="W", user=UserFactory())
    client.force_login(member)

    page = text(client.post(f"/me/rsvps/{rsvp.pk}/cancel/", follow=True))

    assert "<h1>Your RSVP is cancelled</h1>" in page
    assert ">Join the waitlist</a>" in page  # the waiting person took the seat
    assert "RSVP again" not in page


def test_the_cancelled_page_offers_nothing_when_the_talk_is_full_without_a_waitlist(client):
    talk = TalkFactory(capacity=1, waitlist_enabled=False)
    rsvp = RsvpFactory(talk=talk, status="cancelled")
    RsvpFactory(talk=talk)
    manage = tokens.rsvp_token(rsvp_id=rsvp.pk, purpose=tokens.MANAGE)

    page = text(client.get(f"/rsvp/{manage}/"))

    assert ("RSVP again" in page, "Join the waitlist" in page) == (False, False)


def test_a_cancelled_rsvp_has_no_question_to_ask(client):
    rsvp = RsvpFactory(status="cancelled")
    manage = tokens.rsvp_token(rsvp_id=rsvp.pk, purpose=tokens.MANAGE)

    response = client.get(f"/rsvp/{manage}/cancel/")

    assert (response.status_code, response["Location"]) == (302, f"/rsvp/{manage}/")


def test_the_manage_page_no_longer_cancels_without_asking(client):
    rsvp = RsvpFactory()
    manage = tokens.rsvp_token(rsvp_id=rsvp.pk, purpose=tokens.MANAGE)

    client.post(f"/rsvp/{manage}/")

    assert Rsvp.objects.get(pk=rsvp.pk).status == "confirmed"


def test_a_guest_changes_their_party_size_from_the_rsvp_page(client):
    rsvp = RsvpFactory(talk=TalkFactory(capacity=5, max_companions=2))
    manage = tokens.rsvp_token(rsvp_id=rsvp.pk, purpose=tokens.MANAGE)
    assert 'name="companions"' in text(client.get(f"/rsvp/{manage}/"))

    page = text(client.post(f"/rsvp/{manage}/party/", {"companions": "2"}, follow=True))

    assert Rsvp.objects.get(pk=rsvp.pk).party_size == 3
    assert "Your RSVP is now for 3 people." in page


def test_a_member_who_cannot_grow_is_told_why_and_keeps_their_rsvp(client):
    talk = TalkFactory(capacity=1, max_companions=2)
    member = UserFactory()
    rsvp = services.rsvp_create(talk=talk, email=member.email, name="M", user=member).rsvp
    client.force_login(member)

    page = text(client.post(f"/me/rsvps/{rsvp.pk}/party/", {"companions": "1"}, follow=True))

    assert "There are not enough free seats for more people" in page
    assert Rsvp.objects.get(pk=rsvp.pk).party_size == 1


def test_a_talk_without_companions_offers_no_party_size_change(client):
    rsvp = RsvpFactory(talk=TalkFactory(max_companions=0))
    manage = tokens.rsvp_token(rsvp_id=rsvp.pk, purpose=tokens.MANAGE)

    assert 'name="companions"' not in text(client.get(f"/rsvp/{manage}/"))


def test_the_check_your_email_page_says_what_happens_next_and_is_never_stored(client):
    talk = TalkFactory(title="Ketamine 101")

    response = client.get(f"/talks/{talk.slug}/rsvp/sent/")

    assert response["Cache-Control"] == NEVER_STORED
    assert "within 24 hours to confirm your RSVP" in text(response)
    assert "Ketamine 101" in text(response)


def test_a_member_reads_the_organisers_messages_on_their_rsvp_page(client):
    member = UserFactory()
    talk = TalkFactory()
    rsvp = services.rsvp_create(talk=talk, email=member.email, name="M", user=member).rsvp
    services.talk_message_attendees(
        talk=talk, by=None, subject="Parking", body="Use the east entrance.", audience="both"
    )
    client.force_login(member)

    page = text(client.get(f"/me/rsvps/{rsvp.pk}/"))

    assert "<h3>Parking</h3>" in page
    assert "Use the east entrance." in page
