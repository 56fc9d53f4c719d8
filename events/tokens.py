"""Signed, unguessable links in emails: confirm a guest RSVP, manage (view or cancel) one."""

from django.conf import settings
from django.core import signing

CONFIRM = "confirm"
MANAGE = "manage"
DATA_LINK_AGE = 60 * 60 * 24  # a link that can delete everything lives one day


def person_data_token(*, rsvp_id: int) -> str:
    """A day-long link to the data of the person behind an RSVP (by id: no address)."""
    return signing.dumps({"rsvp": rsvp_id}, salt="events.person-data", compress=True)


def rsvp_id_from_person_data_token(token: str) -> int | None:
    try:
        return signing.loads(token, salt="events.person-data", max_age=DATA_LINK_AGE)["rsvp"]
    except (signing.BadSignature, KeyError, TypeError):
        return None


def rsvp_token(*, rsvp_id: int, purpose: str) -> str:
    return signing.dumps({"rsvp": rsvp_id}, salt=f"events.rsvp.{purpose}", compress=True)


def rsvp_id_from_token(*, token: str, purpose: str) -> int | None:
    """The RSVP id in a valid token, or None (tampered, or a confirm link past its hold)."""
    max_age = settings.EVENTS_CONFIRM_WITHIN if purpose == CONFIRM else None
    try:
        return signing.loads(token, salt=f"events.rsvp.{purpose}", max_age=max_age)["rsvp"]
    except (signing.BadSignature, KeyError, TypeError):
        return None
