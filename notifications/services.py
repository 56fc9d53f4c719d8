"""What the service does with outgoing email: queue it, deliver it, sweep what is due."""

import logging
import smtplib
from datetime import datetime, timedelta
from email import message_from_bytes
from email.generator import BytesGenerator
from email.message import Message
from io import BytesIO

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from notifications.models import OutgoingEmail
from notifications.rendering import email_render

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_CAP = timedelta(hours=2)

TEMPORARY_ERRORS = (
    smtplib.SMTPServerDisconnected,
    smtplib.SMTPConnectError,
    ConnectionError,
    TimeoutError,
)


class MultipleRecipientsError(ValueError):
    """Raised for a message addressed to more than one person.

    Each email goes to exactly one recipient, so no one ever sees who else was sent it.
    """


def email_enqueue(*, message: EmailMessage, now: datetime | None = None) -> OutgoingEmail:
    """Store `message` in the outbox and deliver it once the current transaction commits."""
    recipients = message.recipients()
    if len(recipients) != 1:
        raise MultipleRecipientsError(
            f"An email must have exactly one recipient, this one has {len(recipients)}."
        )
    outgoing = OutgoingEmail.objects.create(
        recipient=recipients[0],
        from_email=message.from_email or settings.DEFAULT_FROM_EMAIL,
        subject=str(message.subject)[:998],
        raw_message=message.message().as_bytes(),
        next_attempt_at=now or timezone.now(),
    )
    transaction.on_commit(lambda: _queue_delivery(outgoing.pk), robust=True)
    return outgoing


def email_send(*, to: str, template: str, context: dict) -> OutgoingEmail:
    """Render the `template` trio for one recipient and queue it (delivered after commit)."""
    rendered = email_render(template=template, context=context)
    message = EmailMultiAlternatives(subject=rendered.subject, body=rendered.text, to=[to])
    message.attach_alternative(rendered.html, "text/html")
    return email_enqueue(message=message)


def _queue_delivery(email_id: int) -> None:
    from notifications.tasks import deliver_email

    deliver_email.delay(email_id)


class StoredMessage(Message):
    def as_bytes(self, unixfrom=False, linesep="\n"):
        buffer = BytesIO()
        BytesGenerator(buffer, mangle_from_=False, maxheaderlen=0).flatten(
            self, unixfrom=unixfrom, linesep=linesep
        )
        return buffer.getvalue()


class StoredEmail(EmailMessage):
    """An outbox row as Django's backends expect a message: sent byte for byte as stored."""

    def __init__(self, outgoing: OutgoingEmail):
        super().__init__(
            subject=outgoing.subject, from_email=outgoing.from_email, to=[outgoing.recipient]
        )
        self.raw_message = bytes(outgoing.raw_message)

    def message(self, *, policy=None):
        return message_from_bytes(self.raw_message, _class=StoredMessage)


def _claim(email_id: int, now: datetime) -> OutgoingEmail | None:
    """Move a due email to SENDING; a second worker claiming the same one gets None."""
    claimed = (
        OutgoingEmail.objects.due(now)
        .filter(pk=email_id)
        .update(state=OutgoingEmail.State.SENDING, attempts=F("attempts") + 1)
    )
    if not claimed:
        return None
    return OutgoingEmail.objects.get(pk=email_id)


def _is_temporary(error: Exception) -> bool:
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _reason in error.recipients.values())
    return isinstance(error, TEMPORARY_ERRORS)


def retry_delay(attempts: int) -> timedelta:
    return min(BACKOFF_BASE * 2 ** max(attempts - 1, 0), BACKOFF_CAP)


def email_deliver(*, email_id: int, now: datetime | None = None) -> bool:
    """Deliver one outbox email if it is due; return whether it was sent now."""
    now = now or timezone.now()
    outgoing = _claim(email_id, now)
    if outgoing is None:
        return False
    delivery = dict(settings.EMAIL_DELIVERY)
    connection = get_connection(delivery.pop("backend"), fail_silently=False, **delivery)
    try:
        connection.send_messages([StoredEmail(outgoing)])
    except Exception as error:
        _record_failure(outgoing, error, now)
        if not _is_temporary(error):
            logger.exception("Email #%s failed permanently", outgoing.pk)
        return False
    OutgoingEmail.objects.filter(pk=outgoing.pk).update(
        state=OutgoingEmail.State.SENT, sent_at=timezone.now(), last_error=""
    )
    logger.info("Email #%s sent", outgoing.pk)
    return True


def _record_failure(outgoing: OutgoingEmail, error: Exception, now: datetime) -> None:
    retry = _is_temporary(error) and outgoing.attempts < MAX_ATTEMPTS
    OutgoingEmail.objects.filter(pk=outgoing.pk).update(
        state=OutgoingEmail.State.QUEUED if retry else OutgoingEmail.State.FAILED,
        next_attempt_at=now + retry_delay(outgoing.attempts),
        last_error=f"{type(error).__name__}: {error}"[:2000],
    )


def emails_sweep_due(*, now: datetime | None = None) -> int:
    """Queue delivery of every email that is due; return how many were queued."""
    due_ids = list(OutgoingEmail.objects.due(now or timezone.now()).values_list("pk", flat=True))
    for email_id in due_ids:
        _queue_delivery(email_id)
    return len(due_ids)
