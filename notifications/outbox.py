"""The outbox: queue a message as a row, and claim what is due for a worker to send.

How a message travels: a caller queues a row inside its own transaction
(`emails_queue`). After commit, and every 30 seconds from beat, `emails_sweep` takes the
due rows with `SELECT ... FOR UPDATE SKIP LOCKED`, stamps them with a claim and hands
each claim to `dispatch` (the Celery task, in production), whose worker sends the batch
(`notifications.delivery`). A worker that dies leaves rows SENDING with a claim that no
longer beats; the sweep gives them back once the claim is quiet for STUCK_AFTER. A
second sweep, a second beat or a redelivered task finds nothing to do: the claim is the
only way to a row.

This module never imports the tasks: the sweep is handed its dispatch function, and
the wake-up after commit names the task by its registered name.
"""

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from celery import current_app
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from notifications.addresses import normalise_email
from notifications.models import Category, OutgoingEmail

# A sending worker stamps its claim every HEARTBEAT; a claim quiet for three heartbeats
# belongs to a dead worker. One send is bounded by EMAIL_TIMEOUT, far below the gap,
# and beat sweeps every 30 seconds, so a dead worker's emails leave within two minutes.
HEARTBEAT = timedelta(seconds=30)
STUCK_AFTER = 3 * HEARTBEAT
# A row claimed this many times without a recorded outcome (its worker died each time,
# say on a message that crashes it) fails instead of being claimed forever.
MAX_ATTEMPTS = 8
# The longest address mail can carry (RFC 5321), and the longest the outbox stores.
MAX_ADDRESS_LENGTH = 254
BATCH_SIZE = 50
MAX_BATCHES_PER_SWEEP = 200
SWEEP_TASK = "notifications.sweep_outbox"


class MultipleRecipientsError(ValueError):
    """Raised for a message addressed to more than one person.

    Each email goes to exactly one recipient, so no one ever sees who else was sent it.
    """


@dataclass(frozen=True)
class QueuedEmail:
    """One message to queue, rendered from `emails/<kind>_*` when it is sent.

    `context` is for the templates only; what notifications itself acts on has a field:
    `subject_name` (how the message names its subject when it is not discreet), and the
    calendar attachments `ics` and `discreet_ics` (None: no attachment in that mode);
    `discreet` makes it discreet whatever the recipient's preference (asked for with it);
    `language` is the one it is written in ("": the site's); `qr_url` is a link the
    email also carries as a QR code (an inline image in the HTML part; the templates get
    `qr_url` and the image's `qr_src`); `forget_context_when_sent` empties the stored
    context once the message has left (or will never leave), for a context holding a
    secret meant for the recipient alone.
    """

    to: str
    kind: str
    context: dict = field(default_factory=dict)
    subject_name: str = ""
    ics: str | None = None
    discreet_ics: str | None = None
    discreet: bool = False
    language: str = ""
    qr_url: str = ""
    category: str = Category.TRANSACTIONAL
    key: str | None = None
    group: str = ""
    due_at: datetime | None = None
    expires_at: datetime | None = None
    forget_context_when_sent: bool = False


def _wake_sweep_after_commit() -> None:
    """Ask a worker to sweep as soon as the queuing transaction commits.

    Best effort (`robust`): with the broker down, beat's next sweep sends the message.
    """
    transaction.on_commit(lambda: current_app.send_task(SWEEP_TASK), robust=True)


def _row(message: QueuedEmail, now: datetime) -> OutgoingEmail:
    return OutgoingEmail(
        recipient=normalise_email(message.to),
        kind=message.kind,
        language=message.language,
        context=message.context,
        subject_name=message.subject_name,
        ics=message.ics or "",
        discreet_ics=message.discreet_ics or "",
        discreet=message.discreet,
        qr_url=message.qr_url,
        category=message.category,
        key=message.key,
        group=message.group,
        due_at=message.due_at or now,
        expires_at=message.expires_at,
        forget_context_when_sent=message.forget_context_when_sent,
    )


def emails_queue(*, messages: Iterable[QueuedEmail], now: datetime | None = None) -> int:
    """Queue messages; one whose key is already queued (or sent) is not queued again."""
    now = now or timezone.now()
    rows = [
        _row(message, now)
        for message in messages
        if message.expires_at is None or message.expires_at > now
    ]
    if not rows:
        return 0
    OutgoingEmail.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    if any(row.due_at <= now for row in rows):
        _wake_sweep_after_commit()
    return len(rows)


def email_enqueue(
    *, message: EmailMessage, key: str | None = None, now: datetime | None = None
) -> OutgoingEmail | None:
    """Queue an already-built Django message (allauth's), delivered byte for byte.

    With a `key` already queued (or sent), nothing new is queued: that row is returned.
    """
    recipients = message.recipients()
    if len(recipients) != 1:
        raise MultipleRecipientsError(
            f"An email must have exactly one recipient, this one has {len(recipients)}."
        )
    if len(normalise_email(recipients[0])) > MAX_ADDRESS_LENGTH:
        return None  # no mail system carries it (allauth answers "unknown address" to any)
    fields = {
        "recipient": normalise_email(recipients[0]),
        "kind": "prerendered",
        "subject": str(message.subject)[:998],
        "raw_message": message.message().as_bytes(),
        "due_at": now or timezone.now(),
    }
    if key is None:
        outgoing = OutgoingEmail.objects.create(**fields)
    else:
        outgoing, created = OutgoingEmail.objects.get_or_create(key=key, defaults=fields)
        if not created:
            return outgoing
    _wake_sweep_after_commit()
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


def emails_reclaim_stuck(*, now: datetime) -> int:
    """Give back rows whose worker died mid-batch; their old claim no longer works.

    A row whose claims keep dying (MAX_ATTEMPTS of them) fails for good, so one poisoned
    message cannot come back every few minutes forever.
    """
    stuck = OutgoingEmail.objects.stuck(now - STUCK_AFTER)
    stuck.filter(attempts__gte=MAX_ATTEMPTS).update(
        state=OutgoingEmail.State.FAILED,
        claim=None,
        last_error="The worker sending it stopped answering, every time.",
    )
    return stuck.update(state=OutgoingEmail.State.QUEUED, claim=None, claimed_at=None)


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


def emails_sweep(*, dispatch: Callable[[uuid.UUID], object], now: datetime | None = None) -> int:
    """Claim every due row in batches and hand each claim to `dispatch`. Returns batches."""
    now = now or timezone.now()
    emails_reclaim_stuck(now=now)
    batches = 0
    while batches < MAX_BATCHES_PER_SWEEP:
        claim = emails_claim_due(now=now)
        if claim is None:
            break
        dispatch(claim)
        batches += 1
    return batches


def emails_for_address(email: str):
    """Every message we hold for an address, for a person's own export or deletion."""
    return OutgoingEmail.objects.filter(recipient=normalise_email(email))


def email_failures(*, group: str):
    """Messages of a group that failed for good, shown to the coordinators."""
    return OutgoingEmail.objects.filter(group=group, state=OutgoingEmail.State.FAILED)
