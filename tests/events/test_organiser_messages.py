"""A coordinator's message reaches discreet recipients too: on their RSVP page, where the
neutral email sends them. A guest who lost the confirm link confirms from that page."""

import pytest

from events import services, tokens
from events.models import MessageAudience
from notifications.preferences import preference_update
from tests.conftest import deliver_due, text_of
from tests.factories import CoordinatorFactory, RsvpFactory, TalkFactory

pytestmark = pytest.mark.django_db


def manage_url(rsvp) -> str:
    return f"/rsvp/{tokens.rsvp_token(rsvp_id=rsvp.pk, purpose=tokens.MANAGE)}/"


def test_a_discreet_recipient_reads_the_message_on_their_rsvp_page(client):
    talk = TalkFactory()
    seated = RsvpFactory(talk=talk, email="quiet@example.org")
    waiting = RsvpFactory(talk=talk, status="waitlisted", waitlisted_at=talk.created_at)
    preference_update(email=seated.email, discreet=True)
    services.talk_message_attendees(
        talk=talk,
        by=CoordinatorFactory(),
        subject="Parking",
        body="The car park is closed; use the library's.",
        audience=MessageAudience.CONFIRMED,
    )
    (email,) = deliver_due()

    page = client.get(manage_url(seated)).content.decode()
    other = client.get(manage_url(waiting)).content.decode()

    assert "The car park is closed" not in text_of(email)
    assert "read it on your RSVP page" in text_of(email)
    assert "The car park is closed; use the library&#x27;s." in page
    assert "The car park is closed" not in other


def test_a_pending_guest_confirms_from_the_rsvp_page(client):
    rsvp = services.rsvp_create(talk=TalkFactory(), email="g@example.org", name="G").rsvp

    client.post(manage_url(rsvp), {"action": "confirm"})

    rsvp.refresh_from_db()
    assert rsvp.status == "confirmed"
