"""Celery's doors into events: thin, named, taking ids only."""

from celery import shared_task

from events.services.retention import attendees_anonymise_past
from events.services.rsvps import rsvps_expire_unconfirmed, talks_seats_repair, waitlists_fill
from events.services.talks import talks_send_thanks


@shared_task(name="events.expire_unconfirmed_rsvps")
def expire_unconfirmed_rsvps() -> int:
    return rsvps_expire_unconfirmed() + talks_seats_repair() + waitlists_fill()


@shared_task(name="events.send_thanks")
def send_thanks() -> int:
    return talks_send_thanks()


@shared_task(name="events.anonymise_past_attendees")
def anonymise_past_attendees() -> int:
    return attendees_anonymise_past()
