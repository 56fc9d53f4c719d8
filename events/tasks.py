from celery import shared_task

from events import services


@shared_task(name="events.expire_unconfirmed_rsvps")
def expire_unconfirmed_rsvps() -> int:
    return services.rsvps_expire_unconfirmed()
