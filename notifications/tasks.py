from celery import shared_task

from notifications import services


@shared_task(name="notifications.deliver_email")
def deliver_email(email_id: int) -> bool:
    return services.email_deliver(email_id=email_id)


@shared_task(name="notifications.sweep_outbox")
def sweep_outbox() -> int:
    return services.emails_sweep_due()
