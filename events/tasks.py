from celery import shared_task

from events import services


@shared_task(name="events.expire_unconfirmed_rsvps")
def expire_unconfirmed_rsvps() -> int:
    return services.rsvps_expire_unconfirmed()


@shared_task(name="events.send_thanks")
def send_thanks() -> int:
    return services.talks_send_thanks()
