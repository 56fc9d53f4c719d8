"""A worker whose claim the sweep took back marks nothing and sends nothing more.

The worker is stalled for real: the SMTP server holds its first message until the sweep
has given the claim back and a second claim has taken the rows.
"""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from notifications.delivery import emails_deliver_claim
from notifications.models import OutgoingEmail
from notifications.outbox import (
    STUCK_AFTER,
    QueuedEmail,
    emails_claim_due,
    emails_queue,
    emails_reclaim_stuck,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ADDRESSES = ["p0@example.org", "p1@example.org", "p2@example.org"]


def queue_three():
    emails_queue(
        messages=[
            QueuedEmail(
                to=address,
                kind="rsvp_cancelled",
                context={
                    "name": "Sam",
                    "title": "A talk",
                    "talk_url": "http://x/",
                    "manage_url": "",
                },
                key=f"k-{address}",
            )
            for address in ADDRESSES
        ]
    )


def deliver_in_thread(claim, result):
    def deliver():
        try:
            result.append(emails_deliver_claim(claim=claim))
        finally:
            connection.close()

    thread = threading.Thread(target=deliver)
    thread.start()
    return thread


def rows():
    return list(OutgoingEmail.objects.order_by("pk").values_list("state", "claim"))


def test_stalled_worker_whose_claim_was_taken_back_marks_no_row_and_stops(smtp_server):
    queue_three()
    stalled_claim = emails_claim_due(now=timezone.now())
    smtp_server.handler.hold_at = 1
    result: list[int] = []
    worker = deliver_in_thread(stalled_claim, result)
    try:
        assert smtp_server.handler.holding.wait(timeout=30), "the worker never sent"
        # The claim has been quiet past STUCK_AFTER: the sweep takes it back, and the
        # next sweep claims the rows again for another worker.
        later = timezone.now() + STUCK_AFTER + timedelta(seconds=1)
        assert emails_reclaim_stuck(now=later) == 3
        new_claim = emails_claim_due(now=later)
    finally:
        smtp_server.handler.release.set()
        worker.join(timeout=30)

    assert result == [0]
    assert rows() == [("sending", new_claim)] * 3
    assert [e.rcpt_tos for e in smtp_server.handler.received] == [["p0@example.org"]]


def test_redelivered_task_beside_a_stalled_one_leaves_the_stalled_one_nothing_to_mark(
    smtp_server,
):
    queue_three()
    claim = emails_claim_due(now=timezone.now())
    smtp_server.handler.hold_at = 1
    result: list[int] = []
    stalled = deliver_in_thread(claim, result)
    try:
        assert smtp_server.handler.holding.wait(timeout=30), "the worker never sent"
        # The broker hands the same task to a second worker, which sends the batch.
        redelivered = emails_deliver_claim(claim=claim)
    finally:
        smtp_server.handler.release.set()
        stalled.join(timeout=30)

    assert (redelivered, result) == (3, [0])
    assert [state for state, _claim in rows()] == ["sent"] * 3
    # The held message was already on the wire; nothing after it is sent twice.
    assert [e.rcpt_tos[0] for e in smtp_server.handler.received] == [*ADDRESSES, ADDRESSES[0]]
