"""A stable Message-ID per outbox row: a resend after a crash is one message to the receiver."""

import pytest
from django.utils import timezone

from notifications.models import OutgoingEmail
from notifications.outbox import QueuedEmail, emails_queue
from tests.conftest import deliver_due

pytestmark = pytest.mark.django_db


def message_ids(smtp_server):
    return [message["Message-ID"] for message in smtp_server.handler.messages()]


def test_the_same_row_sent_twice_carries_the_same_message_id_on_the_sites_domain(
    smtp_server, settings
):
    settings.SITE_URL = "https://talks.example.org"
    emails_queue(messages=[QueuedEmail(to="sam@example.org", kind="rsvp_link")])
    deliver_due()
    # The worker died after the server's "250" and before it marked the row: sent again.
    OutgoingEmail.objects.update(state=OutgoingEmail.State.QUEUED, due_at=timezone.now())

    deliver_due()

    first, second = message_ids(smtp_server)
    assert first == second
    assert first.endswith("@talks.example.org>")


def test_two_rows_carry_two_message_ids(smtp_server):
    emails_queue(
        messages=[
            QueuedEmail(to="sam@example.org", kind="rsvp_link"),
            QueuedEmail(to="alex@example.org", kind="rsvp_link"),
        ]
    )

    deliver_due()

    assert len(set(message_ids(smtp_server))) == 2
