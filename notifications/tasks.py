"""Celery's doors into the outbox: thin, named, taking ids only."""

from uuid import UUID

from celery import shared_task

from notifications.delivery import emails_deliver_claim
from notifications.outbox import SWEEP_TASK, emails_sweep


@shared_task(name=SWEEP_TASK)
def sweep_outbox() -> int:
    return emails_sweep(dispatch=lambda claim: deliver_batch.delay(str(claim)))


@shared_task(name="notifications.deliver_batch")
def deliver_batch(claim: str) -> int:
    return emails_deliver_claim(claim=UUID(claim))
