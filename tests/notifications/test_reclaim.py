"""Giving back the rows of a worker that died, and how much one sweep takes on."""

from datetime import timedelta

import pytest
from django.utils import timezone

from notifications.models import OutgoingEmail
from notifications.outbox import (
    BATCH_SIZE,
    MAX_ATTEMPTS,
    MAX_BATCHES_PER_SWEEP,
    STUCK_AFTER,
    QueuedEmail,
    emails_claim_due,
    emails_queue,
    emails_reclaim_stuck,
    emails_sweep,
)

pytestmark = pytest.mark.django_db

SECOND = timedelta(seconds=1)


def queue(count: int) -> None:
    emails_queue(
        messages=[QueuedEmail(to=f"p{n}@example.org", kind="notice") for n in range(count)]
    )


def rows():
    return list(
        OutgoingEmail.objects.order_by("pk").values_list(
            "state", "claim", "claimed_at", "last_error"
        )
    )


def test_a_claim_is_given_back_only_once_quiet_for_longer_than_stuck_after():
    queue(1)
    at = timezone.now()
    claim = emails_claim_due(now=at)

    on_the_dot = emails_reclaim_stuck(now=at + STUCK_AFTER)
    kept = rows()
    later = emails_reclaim_stuck(now=at + STUCK_AFTER + SECOND)

    assert (on_the_dot, kept) == (0, [("sending", claim, at, "")])
    assert (later, rows()) == (1, [("queued", None, None, "")])


def test_a_message_whose_worker_died_on_every_attempt_fails_for_good():
    queue(2)
    OutgoingEmail.objects.filter(recipient="p0@example.org").update(attempts=MAX_ATTEMPTS - 1)
    OutgoingEmail.objects.filter(recipient="p1@example.org").update(attempts=MAX_ATTEMPTS - 2)
    at = timezone.now()
    emails_claim_due(now=at)  # the last attempt for p0, the one before for p1

    given_back = emails_reclaim_stuck(now=at + STUCK_AFTER + SECOND)

    assert given_back == 1
    assert rows() == [
        ("failed", None, at, "The worker sending it stopped answering, every time."),
        ("queued", None, None, ""),
    ]


def test_one_sweep_hands_out_at_most_max_batches_and_leaves_the_rest_for_the_next():
    queue(MAX_BATCHES_PER_SWEEP * BATCH_SIZE + 1)
    claims = []

    batches = emails_sweep(dispatch=claims.append)

    assert (batches, len(set(claims))) == (MAX_BATCHES_PER_SWEEP, MAX_BATCHES_PER_SWEEP)
    assert OutgoingEmail.objects.filter(state="queued").count() == 1
