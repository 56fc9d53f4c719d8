"""One bad row fails alone: the rest of its batch still goes out (issue: Sam@Example.org)."""

import pytest
from django.core import mail
from django.core.mail import send_mail
from django.utils import timezone

from notifications.models import OutgoingEmail
from notifications.outbox import QueuedEmail, emails_queue
from tests.conftest import deliver_due

pytestmark = pytest.mark.django_db


def states_by_recipient():
    return dict(OutgoingEmail.objects.values_list("recipient", "state"))


def test_an_account_email_to_an_address_typed_in_capitals_is_sent_with_the_rest():
    """Django's send_mail (allauth's path) to the address as a person typed it."""
    emails_queue(
        messages=[QueuedEmail(to="first@example.org", kind="rsvp_link", context={"name": "A"})]
    )

    send_mail("Reset your password", "A link.", None, ["Sam@Example.org"])
    emails_queue(
        messages=[QueuedEmail(to="last@example.org", kind="rsvp_link", context={"name": "B"})]
    )
    deliver_due()

    assert states_by_recipient() == {
        "first@example.org": "sent",
        "sam@example.org": "sent",
        "last@example.org": "sent",
    }
    assert sorted(message.to[0] for message in mail.outbox) == [
        "first@example.org",
        "last@example.org",
        "sam@example.org",
    ]


def test_a_row_stored_in_another_spelling_finds_its_preferences_and_is_sent():
    """Rows queued before addresses were normalised everywhere still go out."""
    OutgoingEmail.objects.create(
        recipient="Old.Row@Example.org", kind="rsvp_link", context={}, due_at=timezone.now()
    )

    deliver_due()

    assert states_by_recipient() == {"Old.Row@Example.org": "sent"}


def test_a_row_that_cannot_be_built_fails_alone_and_the_batch_goes_on():
    emails_queue(
        messages=[
            QueuedEmail(to="before@example.org", kind="rsvp_link"),
            QueuedEmail(to="broken@example.org", kind="no_such_template"),
            QueuedEmail(to="after@example.org", kind="rsvp_link"),
        ]
    )

    deliver_due()

    assert states_by_recipient() == {
        "before@example.org": "sent",
        "broken@example.org": "failed",
        "after@example.org": "sent",
    }
    broken = OutgoingEmail.objects.get(recipient="broken@example.org")
    assert broken.last_error.startswith("TemplateDoesNotExist: ")
