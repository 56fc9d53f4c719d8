"""The emails about talks and RSVPs: events decides who gets what and when, with what
facts; notifications renders and sends (templates/emails/<kind>_*).

Every message has a key, `rsvp-<id>:<kind>:<version>`, so the same message for the
same version of a talk can never be queued twice, and a group, `talk-<id>`, so a
talk's pending reminders can be cancelled together when it moves.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone

from events import tokens
from events.calendar import talk_ics, talk_location
from events.models import Rsvp, Talk
from notifications.models import Category
from notifications.rendering import absolute
from notifications.services import QueuedEmail, emails_cancel_pending, emails_queue

REMINDER = "reminder"
MAX_REMINDER_GRACE = timedelta(hours=6)


def talk_group(talk: Talk) -> str:
    return f"talk-{talk.pk}"


def talk_context(talk: Talk) -> dict:
    """The facts about a talk an email shows, as plain text in the talk's own zone."""
    start, end = talk.start.astimezone(talk.tzinfo), talk.end.astimezone(talk.tzinfo)
    return {
        "title": talk.title,
        "summary": talk.summary,
        "topics": [topic.name for topic in talk.topics.all()],
        "when": f"{formats.date_format(start, 'l j F Y, H:i')} to "
        f"{formats.date_format(end, 'H:i')} ({talk.time_zone})",
        "date_short": formats.date_format(start, "j F"),
        "where": talk_location(talk),
        "is_online": bool(talk.online_url),
        "accessibility_notes": talk.venue.accessibility_notes if talk.venue else "",
        "talk_url": absolute(talk.get_absolute_url()),
        "status": talk.status,
        "ics": talk_ics(talk),
        "ics_discreet": talk_ics(talk, discreet=True),
    }


def rsvp_context(rsvp: Rsvp, talk_facts: dict) -> dict:
    manage = tokens.rsvp_token(rsvp_id=rsvp.pk, purpose=tokens.MANAGE)
    seated = rsvp.status == Rsvp.Status.CONFIRMED
    return {
        **talk_facts,
        "name": rsvp.name,
        "party_size": rsvp.party_size,
        "manage_url": absolute(reverse("rsvp_manage", kwargs={"token": manage})),
        "online_url": rsvp.talk.online_url if seated else "",
    }


def _stamp(moment: datetime | None) -> int:
    return int((moment or timezone.now()).timestamp())


def _message(rsvp: Rsvp, kind: str, version, facts: dict, **extra) -> QueuedEmail:
    return QueuedEmail(
        to=rsvp.email,
        kind=kind,
        context={**rsvp_context(rsvp, facts), **extra.pop("context", {})},
        key=f"rsvp-{rsvp.pk}:{kind}:{version}",
        group=talk_group(rsvp.talk),
        **extra,
    )


def _queue_one(rsvp: Rsvp, kind: str, version, **extra) -> None:
    emails_queue(messages=[_message(rsvp, kind, version, talk_context(rsvp.talk), **extra)])


def reminder_messages(rsvp: Rsvp, facts: dict) -> list[QueuedEmail]:
    """One reminder per offset; each skipped if it cannot go out within its grace."""
    talk = rsvp.talk
    messages = []
    for hours in talk.reminder_hours or []:
        due = talk.start - timedelta(hours=hours)
        grace = min(timedelta(hours=hours) / 4, MAX_REMINDER_GRACE)
        messages.append(
            QueuedEmail(
                to=rsvp.email,
                kind=REMINDER,
                context={**rsvp_context(rsvp, facts), "hours": hours},
                category=Category.REMINDER,
                key=f"rsvp-{rsvp.pk}:{REMINDER}-{hours}h:{_stamp(talk.start)}",
                group=talk_group(talk),
                due_at=due,
                expires_at=due + grace,
            )
        )
    return messages


def send_guest_confirmation_request(rsvp: Rsvp) -> None:
    confirm = tokens.rsvp_token(rsvp_id=rsvp.pk, purpose=tokens.CONFIRM)
    context = {
        "confirm_url": absolute(reverse("rsvp_confirm", kwargs={"token": confirm})),
        "hold_hours": int(settings.EVENTS_GUEST_HOLD.total_seconds() // 3600),
        "seat_held": rsvp.seat_held_until is not None,
    }
    _queue_one(rsvp, "rsvp_confirm_request", _stamp(rsvp.created_at), context=context)


def send_rsvp_link(rsvp: Rsvp, now: datetime) -> None:
    """Someone asked to RSVP with an address that already has one: its owner gets the
    link (once a day at most), and the page that asked learns nothing."""
    _queue_one(rsvp, "rsvp_link", now.strftime("%Y%m%d"))


def _send_seated(rsvp: Rsvp, kind: str) -> None:
    facts = talk_context(rsvp.talk)
    emails_queue(
        messages=[
            _message(rsvp, kind, _stamp(rsvp.confirmed_at), facts),
            *reminder_messages(rsvp, facts),
        ]
    )


def send_rsvp_confirmed(rsvp: Rsvp) -> None:
    _send_seated(rsvp, "rsvp_confirmed")


def send_rsvp_promoted(rsvp: Rsvp) -> None:
    _send_seated(rsvp, "rsvp_promoted")


def send_rsvp_waitlisted(rsvp: Rsvp, position: int) -> None:
    _queue_one(rsvp, "rsvp_waitlisted", _stamp(rsvp.waitlisted_at), context={"position": position})


def cancel_reminders(rsvp: Rsvp) -> None:
    emails_cancel_pending(key_prefix=f"rsvp-{rsvp.pk}:", kinds=[REMINDER])


def send_rsvp_cancelled(rsvp: Rsvp) -> None:
    cancel_reminders(rsvp)
    _queue_one(rsvp, "rsvp_cancelled", _stamp(rsvp.cancelled_at))


def _requeue_reminders_with(talk: Talk, notice=None) -> None:
    """Cancel the talk's pending reminders and queue them anew (with `notice` per person)."""
    emails_cancel_pending(group=talk_group(talk), kinds=[REMINDER])
    facts = talk_context(talk)
    messages = []
    for rsvp in talk.rsvps.attending().select_related("talk"):
        if notice:
            messages.append(notice(rsvp, facts))
        messages.extend(reminder_messages(rsvp, facts))
    emails_queue(messages=messages)


def requeue_reminders(talk: Talk) -> None:
    """The reminder hours changed: pending reminders follow."""
    _requeue_reminders_with(talk)


def send_talk_changed(talk: Talk, changes: list[str]) -> None:
    """An update with the new .ics to everyone confirmed; their reminders move with it."""
    _requeue_reminders_with(
        talk,
        lambda rsvp, facts: _message(
            rsvp, "talk_changed", talk.sequence, facts, context={"changes": changes}
        ),
    )


def send_talk_cancelled(talk: Talk, rsvps) -> None:
    emails_cancel_pending(group=talk_group(talk), kinds=[REMINDER])
    facts = talk_context(talk)
    message = {"message": talk.cancellation_message}
    emails_queue(
        messages=[
            _message(rsvp, "talk_cancelled", talk.sequence, facts, context=message)
            for rsvp in rsvps
        ]
    )


def send_coordinator_message(talk: Talk, rsvps, *, subject: str, body: str, ref: int) -> int:
    facts = talk_context(talk)
    messages = [
        _message(
            rsvp,
            "coordinator_message",
            ref,
            facts,
            context={"subject": subject, "body": body},
            category=Category.ANNOUNCEMENT,
        )
        for rsvp in rsvps
    ]
    return emails_queue(messages=messages)


def send_thanks(talk: Talk, rsvps) -> int:
    facts = talk_context(talk)
    feedback_url = getattr(settings, "FEEDBACK_URL_TEMPLATE", "")
    messages = [
        _message(
            rsvp,
            "thank_you",
            "after",
            facts,
            context={"feedback_url": feedback_url.format(slug=talk.slug) if feedback_url else ""},
            category=Category.ANNOUNCEMENT,
        )
        for rsvp in rsvps
    ]
    return emails_queue(messages=messages)
