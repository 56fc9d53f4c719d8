from uuid import UUID

from celery import shared_task

from notifications import services


@shared_task(name="notifications.sweep_outbox")
def sweep_outbox() -> int:
    return services.emails_sweep()


@shared_task(name="notifications.deliver_batch")
def deliver_batch(claim: str) -> int:
    return services.emails_deliver_claim(claim=UUID(claim))
