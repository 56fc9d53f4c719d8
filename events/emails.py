"""The emails about talks and RSVPs: what each says is decided here, sending is notifications'."""

from django.conf import settings
from django.urls import reverse

from events import tokens
from events.models import Rsvp, Talk
from notifications.services import email_send


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def rsvp_links(rsvp: Rsvp) -> dict:
    manage = tokens.rsvp_token(rsvp_id=rsvp.pk, purpose=tokens.MANAGE)
    return {
        "manage_url": absolute(reverse("rsvp_manage", kwargs={"token": manage})),
        "talk_url": absolute(rsvp.talk.get_absolute_url()),
    }


def _send(rsvp: Rsvp, template: str, **extra) -> None:
    context = {
        "rsvp": rsvp,
        "talk": rsvp.talk,
        "site_name": settings.SITE_NAME,
        **rsvp_links(rsvp),
        **extra,
    }
    email_send(to=rsvp.email, template=template, context=context)


def send_guest_confirmation_request(rsvp: Rsvp) -> None:
    confirm = tokens.rsvp_token(rsvp_id=rsvp.pk, purpose=tokens.CONFIRM)
    _send(
        rsvp,
        "rsvp_confirm_request",
        confirm_url=absolute(reverse("rsvp_confirm", kwargs={"token": confirm})),
        hold_hours=int(settings.EVENTS_GUEST_HOLD.total_seconds() // 3600),
    )


def send_rsvp_confirmed(rsvp: Rsvp) -> None:
    _send(rsvp, "rsvp_confirmed")


def send_rsvp_waitlisted(rsvp: Rsvp, position: int) -> None:
    _send(rsvp, "rsvp_waitlisted", position=position)


def send_rsvp_promoted(rsvp: Rsvp) -> None:
    _send(rsvp, "rsvp_promoted")


def send_rsvp_cancelled(rsvp: Rsvp) -> None:
    _send(rsvp, "rsvp_cancelled")


def send_talk_cancelled(rsvp: Rsvp, talk: Talk) -> None:
    _send(rsvp, "talk_cancelled", message=talk.cancellation_message)
