"""Outgoing email: queue it as an outbox row, sweep what is due, deliver it once.

How a message travels: a caller queues a row inside its own transaction
(`emails_queue`). After commit, and every minute from beat, `emails_sweep` takes the
due rows with `SELECT ... FOR UPDATE SKIP LOCKED`, stamps them with a claim and hands
each claim to a worker, which sends the batch over one SMTP connection and marks each
row sent as soon as the server accepted it. A worker that dies leaves rows SENDING;
the sweep gives them back after STUCK_AFTER. A second sweep, a second beat or a
redelivered task finds nothing to do: the claim is the only way to a row.
"""

import logging
import smtplib
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email import message_from_bytes
from email.generator import BytesGenerator
from email.message import Message
from io import BytesIO

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from notifications.models import Category, EmailPreference, OutgoingEmail
from notifications.rendering import email_build
from notifications.selectors import email_settings_current, preferences_for

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_CAP = timedelta(hours=2)
# A sending worker stamps its claim every HEARTBEAT; one quiet for STUCK_AFTER is dead.
# One send is bounded by EMAIL_TIMEOUT, far below the difference.
HEARTBEAT = timedelta(seconds=30)
STUCK_AFTER = timedelta(minutes=10)
BATCH_SIZE = 50
MAX_BATCHES_PER_SWEEP = 200

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


@dataclass(frozen=True)
class QueuedEmail:
    """One message to queue: rendered from `emails/<kind>_*` when it is sent."""

    to: str
    kind: str
    context: dict = field(default_factory=dict)
    category: str = Category.TRANSACTIONAL
    key: str | None = None
    group: str = ""
    due_at: datetime | None = None
    expires_at: datetime | None = None


# --- Queueing -------------------------------------------------------------------------------------


def _sweep_after_commit() -> None:
    from notifications.tasks import sweep_outbox

    transaction.on_commit(sweep_outbox.delay, robust=True)


def emails_queue(*, messages: list[QueuedEmail], now: datetime | None = None) -> int:
    """Queue messages; one whose key is already queued (or sent) is not queued again."""
    now = now or timezone.now()
    rows = [
        OutgoingEmail(
            recipient=message.to.strip().lower(),
            kind=message.kind,
            context=message.context,
            category=message.category,
            key=message.key,
            group=message.group,
            due_at=message.due_at or now,
            expires_at=message.expires_at,
        )
        for message in messages
        if message.expires_at is None or message.expires_at > now
    ]
    if not rows:
        return 0
    OutgoingEmail.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    if any(row.due_at <= now for row in rows):
        _sweep_after_commit()
    return len(rows)


def email_enqueue(*, message: EmailMessage, now: datetime | None = None) -> OutgoingEmail:
    """Queue an already-built Django message (allauth's), delivered byte for byte."""
    recipients = message.recipients()
    if len(recipients) != 1:
        raise MultipleRecipientsError(
            f"An email must have exactly one recipient, this one has {len(recipients)}."
        )
    outgoing = OutgoingEmail.objects.create(
        recipient=recipients[0],
        kind="prerendered",
        subject=str(message.subject)[:998],
        raw_message=message.message().as_bytes(),
        due_at=now or timezone.now(),
    )
    _sweep_after_commit()
    return outgoing


def emails_cancel_pending(
    *, group: str | None = None, key_prefix: str | None = None, kinds=None
) -> int:
    """Cancel queued messages that have not left yet (a talk moved, an RSVP was cancelled)."""
    pending = OutgoingEmail.objects.filter(state=OutgoingEmail.State.QUEUED)
    if group is not None:
        pending = pending.filter(group=group)
    if key_prefix is not None:
        pending = pending.filter(key__startswith=key_prefix)
    if kinds is not None:
        pending = pending.filter(kind__in=kinds)
    # The key is released, so the same message can be queued again (a talk moved back).
    return pending.update(state=OutgoingEmail.State.CANCELLED, key=None)


# --- Claiming and sweeping ------------------------------------------------------------------------


def emails_reclaim_stuck(*, now: datetime) -> int:
    """Give back rows whose worker died mid-batch; their old claim no longer works."""
    return OutgoingEmail.objects.stuck(now - STUCK_AFTER).update(
        state=OutgoingEmail.State.QUEUED, claim=None, claimed_at=None
    )


def emails_claim_due(*, now: datetime, limit: int = BATCH_SIZE) -> uuid.UUID | None:
    """Stamp up to `limit` due rows with a new claim; rows another sweep holds are skipped."""
    claim = uuid.uuid4()
    with transaction.atomic():
        ids = list(
            OutgoingEmail.objects.due(now)
            .order_by("due_at", "pk")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:limit]
        )
        if not ids:
            return None
        OutgoingEmail.objects.filter(pk__in=ids).update(
            state=OutgoingEmail.State.SENDING,
            claim=claim,
            claimed_at=now,
            attempts=F("attempts") + 1,
        )
    return claim


def emails_sweep(*, now: datetime | None = None, dispatch=None) -> int:
    """Claim every due row in batches and hand each batch to a worker. Returns batches."""
    from notifications.tasks import deliver_batch

    now = now or timezone.now()
    dispatch = dispatch or (lambda claim: deliver_batch.delay(str(claim)))
    emails_reclaim_stuck(now=now)
    batches = 0
    while batches < MAX_BATCHES_PER_SWEEP:
        claim = emails_claim_due(now=now)
        if claim is None:
            break
        dispatch(claim)
        batches += 1
    return batches


# --- Delivering -----------------------------------------------------------------------------------


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


def _is_temporary(error: Exception) -> bool:
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


def _heartbeat(claim: uuid.UUID) -> int:
    """Stamp the claim's unsent rows as alive; 0 when the sweep has taken them back."""
    return OutgoingEmail.objects.filter(claim=claim, state=OutgoingEmail.State.SENDING).update(
        claimed_at=timezone.now()
    )


def _mark(outgoing: OutgoingEmail, **fields) -> int:
    """Update a row only while this claim still owns it; return whether it did."""
    return OutgoingEmail.objects.filter(
        pk=outgoing.pk, claim=outgoing.claim, state=OutgoingEmail.State.SENDING
    ).update(**fields)


def _record_failure(outgoing: OutgoingEmail, error: Exception, now: datetime) -> None:
    retry = _is_temporary(error) and outgoing.attempts < MAX_ATTEMPTS
    _mark(
        outgoing,
        state=OutgoingEmail.State.QUEUED if retry else OutgoingEmail.State.FAILED,
        due_at=now + retry_delay(outgoing.attempts),
        claim=None,
        last_error=f"{type(error).__name__}: {error}"[:2000],
    )
    if not retry:
        logger.warning("Email #%s failed permanently: %s", outgoing.pk, type(error).__name__)


def _message_for(outgoing: OutgoingEmail, preference, site) -> EmailMessage:
    if outgoing.raw_message is not None:
        return StoredEmail(outgoing)
    return email_build(outgoing, preference, site)


def emails_deliver_claim(*, claim: uuid.UUID, now: datetime | None = None) -> int:
    """Send the rows of one claim over one connection; return how many the server took."""
    now = now or timezone.now()
    batch = list(
        OutgoingEmail.objects.filter(claim=claim, state=OutgoingEmail.State.SENDING).order_by("pk")
    )
    if not batch:
        return 0
    site = email_settings_current()
    preferences = preferences_for(outgoing.recipient for outgoing in batch)
    delivery = dict(settings.EMAIL_DELIVERY)
    connection = get_connection(delivery.pop("backend"), fail_silently=False, **delivery)
    sent = 0
    next_beat = time.monotonic()
    try:
        for outgoing in batch:
            # A heartbeat for the whole claim, at the start and then every HEARTBEAT:
            # the sweep gives back only claims quiet for STUCK_AFTER, and a claim given
            # back (a late, redelivered task) is not ours to send any more.
            if time.monotonic() >= next_beat:
                if not _heartbeat(claim):
                    break
                next_beat = time.monotonic() + HEARTBEAT.total_seconds()
            preference = preferences[outgoing.recipient]
            if _unwanted(outgoing, preference, now):
                _mark(outgoing, state=OutgoingEmail.State.SKIPPED, claim=None)
                continue
            try:
                message = _message_for(outgoing, preference, site)
                connection.open()  # opens once; later calls reuse the open connection
                connection.send_messages([message])
            except Exception as error:  # every failure is recorded on its row
                _record_failure(outgoing, error, now)
                if isinstance(error, smtplib.SMTPServerDisconnected | OSError):
                    connection.close()
                continue
            still_ours = _mark(
                outgoing,
                state=OutgoingEmail.State.SENT,
                sent_at=timezone.now(),
                subject=str(message.subject)[:998],
                last_error="",
            )
            if not still_ours:
                break  # the sweep took this claim back while we stalled: stop at once
            sent += 1
    finally:
        connection.close()
    logger.info("Claim %s: %s of %s emails sent", claim, sent, len(batch))
    return sent


# --- Preferences ----------------------------------------------------------------------------------


def preference_update(*, email: str, **choices) -> EmailPreference:
    """Save what a person wants (reminders, announcements, discreet)."""
    preference, _created = EmailPreference.objects.update_or_create(
        email=email.strip().lower(), defaults=choices
    )
    return preference


def preference_unsubscribe(*, email: str) -> EmailPreference:
    """One-click unsubscribe (RFC 8058): no more announcements. RSVP emails still go out."""
    return preference_update(email=email, announcements=False)


def emails_for_address(email: str):
    """Every message we hold for an address, for a person's own export or deletion."""
    return OutgoingEmail.objects.filter(recipient=email.strip().lower())


def email_failures(*, group: str):
    return OutgoingEmail.objects.filter(group=group, state=OutgoingEmail.State.FAILED)


# --- What we hold about an address ----------------------------------------------------------


def address_export(*, email: str) -> dict:
    """Everything notifications holds for one address, for the person to see and keep."""
    email = email.strip().lower()
    preference = EmailPreference.objects.filter(email=email).first()
    return {
        "email_preferences": preference
        and {
            "reminders": preference.reminders,
            "announcements": preference.announcements,
            "discreet": preference.discreet,
        },
        "emails": [
            {
                "kind": row.kind,
                "state": row.state,
                "due_at": row.due_at.isoformat(),
                "sent_at": row.sent_at and row.sent_at.isoformat(),
                "subject": row.subject,
            }
            for row in emails_for_address(email).order_by("due_at", "pk")
        ],
    }


def address_forget(*, email: str) -> int:
    """Delete every message (sent or pending) and the preferences of one address."""
    email = email.strip().lower()
    deleted, _per_model = emails_for_address(email).delete()
    preferences, _ = EmailPreference.objects.filter(email=email).delete()
    return deleted + preferences


def email_settings_update(*, footer: str, discreet_by_default: bool, discreet_sender_name: str):
    site = email_settings_current()
    site.footer, site.discreet_by_default = footer, discreet_by_default
    site.discreet_sender_name = discreet_sender_name
    site.save()
    return site
