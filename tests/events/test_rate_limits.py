"""Guest RSVPs are limited per client address and per email address: past a limit the
answer is a clear 429, and nothing is saved or queued."""

import pytest

from events.models import Rsvp
from notifications.models import OutgoingEmail
from tests.factories import TalkFactory

pytestmark = pytest.mark.django_db


def guest_post(client, talk, email, address="203.0.113.5"):
    return client.post(
        f"/talks/{talk.slug}/rsvp/", {"name": "Sam", "email": email}, REMOTE_ADDR=address
    )


def stored() -> tuple[int, int]:
    return Rsvp.objects.count(), OutgoingEmail.objects.count()


def test_past_the_limit_per_client_address_the_answer_is_429_and_nothing_is_stored(
    client, settings
):
    settings.EVENTS_GUEST_RSVPS_PER_IP_PER_HOUR = 3
    talks = TalkFactory.create_batch(4)
    for n, talk in enumerate(talks[:3]):
        assert guest_post(client, talk, f"person{n}@example.org").status_code == 302
    before = stored()

    refused = guest_post(client, talks[3], "someone.else@example.org")

    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert "Nothing was saved and no email was sent." in refused.content.decode()
    assert stored() == before
    assert guest_post(client, talks[3], "x@example.org", address="198.51.100.1").status_code == 302


def test_past_the_limit_per_email_address_no_more_confirmation_emails_go_to_it(client, settings):
    settings.EVENTS_GUEST_RSVPS_PER_ADDRESS_PER_DAY = 2
    talks = TalkFactory.create_batch(3)
    for n, talk in enumerate(talks[:2]):
        guest_post(client, talk, "Target@Example.org", address=f"198.51.100.{n + 1}")
    before = stored()

    refused = guest_post(client, talks[2], "target@example.org", address="198.51.100.9")

    assert refused.status_code == 429
    assert stored() == before
    assert OutgoingEmail.objects.filter(recipient="target@example.org").count() == 2


def test_members_are_not_limited_as_guests(client, member, settings):
    settings.EVENTS_GUEST_RSVPS_PER_IP_PER_HOUR = 0
    client.force_login(member)

    response = client.post(f"/talks/{TalkFactory().slug}/rsvp/", {"name": "Sam"})

    assert response.status_code == 302
