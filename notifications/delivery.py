"""Sending one claim's rows over one SMTP connection, each marked the moment it leaves.

Everything done for a row (its preferences, the unwanted check, building the message,
sending it, marking it) happens inside that row's own handling: one bad row is recorded
as failed alone, and the rest of the batch still goes out.
"""

import logging
import smtplib
import time
import uuid
from datetime import datetime, timedelta
from email import message_from_bytes
from email.generator import BytesGenerator
from email.message import Message
from io import BytesIO

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import QuerySet
from django.utils import timezone

from notifications.addresses import normalise_email
from notifications.fanout import Fanout
from notifications.models import Category, EmailPreference, EmailSettings, OutgoingEmail
from notifications.outbox import HEARTBEAT, MAX_ATTEMPTS
from notifications.selectors import email_settings_current, preferences_for

logger = logging.getLogger(__name__)

BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_CAP = timedelta(hours=2)

TEMPORARY_ERRORS = (
    smtplib.SMTPServerDisconnected,
    smtplib.SMTPConnectError,
    ConnectionError,
    TimeoutError,
)


class StoredMessage(Message):
    def as_bytes(self, unixfrom=False, linesep="\n"):
        buffer = BytesIO()
        BytesGenerator(buffer, mangle_from_=False, maxheaderlen=0).flatten(
            self, unixfrom=unixfrom, linesep=linesep
        )
        return buffer.getvalue()


class StoredEmail(EmailMessage):
    """A pre-rendered outbox row as Django's backends expect a message: sent as stored."""

    def __init__(self, outgoing: OutgoingEmail):
        super().__init__(
            subject=outgoing.subject,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[outgoing.recipient],
        )
        self.raw_message = bytes(outgoing.raw_message)

    def message(self, *, policy=None):
        return message_from_bytes(self.raw_message, _class=StoredMessage)


def is_temporary(error: Exception) -> bool:
    """Whether an error may pass on its own (retry later) or is final for this message."""
    if isinstance(error, smtplib.SMTPAuthenticationError | smtplib.SMTPNotSupportedError):
        return True  # our login or our server's setup, not the recipient: retry once fixed
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _reason in error.recipients.values())
    return isinstance(error, TEMPORARY_ERRORS)


def retry_delay(attempts: int) -> timedelta:
    return min(BACKOFF_BASE * 2 ** max(attempts - 1, 0), BACKOFF_CAP)


def _unwanted(outgoing: OutgoingEmail, preference: EmailPreference, now: datetime) -> bool:
    if outgoing.expires_at and outgoing.expires_at < now:
        return True
    if outgoing.category == Category.REMINDER:
        return not preference.reminders
    if outgoing.category == Category.ANNOUNCEMENT:
        return not preference.announcements
    return False


def _owned(claim: uuid.UUID) -> QuerySet:
    """The claim's rows it still owns: claimed by it and not yet sent, failed or skipped.
    Built once per batch; each row's mark narrows it to the row."""
    return OutgoingEmail.objects.filter(claim=claim, state=OutgoingEmail.State.SENDING)


def _heartbeat(owned: QuerySet) -> int:
    """Stamp the claim's unsent rows as alive; 0 when the sweep has taken them back."""
    return owned.update(claimed_at=timezone.now())


def _mark(owned: QuerySet, outgoing: OutgoingEmail, **fields) -> int:
    """Update a row only while this claim still owns it; return whether it did."""
    return owned.filter(pk=outgoing.pk).update(**fields)


def _mark_final(owned: QuerySet, outgoing: OutgoingEmail, **fields) -> int:
    """Mark a row that will not be sent again: its context goes if it holds a secret."""
    if outgoing.forget_context_when_sent:
        fields["context"] = {}
    return _mark(owned, outgoing, **fields)


def _record_failure(
    owned: QuerySet, outgoing: OutgoingEmail, error: Exception, now: datetime
) -> None:
    retry = is_temporary(error) and outgoing.attempts < MAX_ATTEMPTS
    (_mark if retry else _mark_final)(
        owned,
        outgoing,
        state=OutgoingEmail.State.QUEUED if retry else OutgoingEmail.State.FAILED,
        due_at=now + retry_delay(outgoing.attempts),
        claim=None,
        last_error=f"{type(error).__name__}: {error}"[:2000],
    )
    if not retry:
        logger.warning("Email #%s failed permanently: %s", outgoing.pk, type(error).__name__)


SENT, DONE, LOST = "sent", "done", "lost"


class _Batch:
    """One claim's rows, the preferences of their recipients and one SMTP connection."""

    def __init__(self, claim: uuid.UUID, rows: list[OutgoingEmail], now: datetime):
        self.claim, self.rows, self.now = claim, rows, now
        self.owned = _owned(claim)
        self.site: EmailSettings = email_settings_current()
        self.preferences = preferences_for(row.recipient for row in rows)
        self.fanout = Fanout(rows, self.preferences, self.site)
        delivery = dict(settings.EMAIL_DELIVERY)
        self.connection = get_connection(delivery.pop("backend"), fail_silently=False, **delivery)

    def message_for(self, outgoing: OutgoingEmail) -> EmailMessage | None:
        """The message to send, or None when the person does not want it any more."""
        if outgoing.raw_message is not None:
            return StoredEmail(outgoing)
        preference = self.preferences[normalise_email(outgoing.recipient)]
        if _unwanted(outgoing, preference, self.now):
            return None
        return self.fanout.build(outgoing, preference)

    def send(self, outgoing: OutgoingEmail) -> str:
        """Send one row and record what happened to it: SENT, DONE (failed or skipped,
        recorded) or LOST (the sweep took the claim back: stop at once)."""
        try:
            message = self.message_for(outgoing)
            if message is None:
                skipped = _mark_final(
                    self.owned, outgoing, state=OutgoingEmail.State.SKIPPED, claim=None
                )
                return DONE if skipped else LOST
            self.connection.open()  # opens once; later calls reuse the open connection
            self.connection.send_messages([message])
        except Exception as error:  # every failure is recorded on its own row
            _record_failure(self.owned, outgoing, error, self.now)
            if isinstance(error, smtplib.SMTPServerDisconnected | OSError):
                self.connection.close()
            return DONE
        still_ours = _mark_final(
            self.owned,
            outgoing,
            state=OutgoingEmail.State.SENT,
            sent_at=timezone.now(),
            subject=str(message.subject)[:998],
            last_error="",
        )
        return SENT if still_ours else LOST


def emails_deliver_claim(*, claim: uuid.UUID, now: datetime | None = None) -> int:
    """Send the rows of one claim over one connection; return how many the server took."""
    now = now or timezone.now()
    rows = list(_owned(claim).order_by("pk"))
    if not rows:
        return 0
    batch = _Batch(claim, rows, now)
    sent = 0
    next_beat = time.monotonic()
    try:
        for outgoing in rows:
            # A heartbeat for the whole claim, at the start and then every HEARTBEAT:
            # the sweep gives back only claims quiet for STUCK_AFTER, and a claim given
            # back (a late, redelivered task) is not ours to send any more.
            if time.monotonic() >= next_beat:
                if not _heartbeat(batch.owned):
                    break
                next_beat = time.monotonic() + HEARTBEAT.total_seconds()
            outcome = batch.send(outgoing)
            if outcome == LOST:
                break  # the sweep took this claim back while we stalled: stop at once
            sent += outcome == SENT
    finally:
        batch.connection.close()
    logger.info("Claim %s: %s of %s emails sent", claim, sent, len(rows))
    return sent
