"""The emails about talks and RSVPs: events decides who gets what and when, with what
facts; notifications renders and sends (templates/emails/<kind>_*).

Every message has a key, `rsvp-<id>:<kind>:<version>`, so the same message for the
same version of a talk can never be queued twice, and a group, `talk-<id>`, so a
talk's pending reminders can be cancelled together when it moves.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone

from events import tokens
from events.calendar import talk_ics, talk_location
from events.models import Rsvp, Talk
from notifications.models import Category
from notifications.outbox import QueuedEmail, emails_cancel_pending, emails_queue
from notifications.site import absolute

REMINDER = "reminder"
MAX_REMINDER_GRACE = timedelta(hours=6)


def talk_group(talk: Talk) -> str:
    return f"talk-{talk.pk}"


@dataclass(frozen=True)
class TalkFacts:
    """What the emails about one version of a talk share: built once, before any lock.

    `context` is what the templates show; `title` names the talk unless discreet;
    `ics` and `discreet_ics` are the calendar attachments.
    """

    context: dict
    title: str
    ics: str
    discreet_ics: str


def talk_facts(talk: Talk) -> TalkFacts:
    """The facts about a talk its emails show. `talk.venue` and `talk.topics` should be
    loaded: this renders two calendar files, so callers build it once per talk."""
    return TalkFacts(
        context=talk_context(talk),
        title=talk.title,
        ics=talk_ics(talk),
        discreet_ics=talk_ics(talk, discreet=True),
    )


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
    }


def rsvp_context(rsvp: Rsvp, talk_context: dict) -> dict:
    manage = tokens.rsvp_token(rsvp_id=rsvp.pk, purpose=tokens.MANAGE)
    seated = rsvp.status == Rsvp.Status.CONFIRMED
    return {
        **talk_context,
        "name": rsvp.name,
        "party_size": rsvp.party_size,
        "manage_url": absolute(reverse("rsvp_manage", kwargs={"token": manage})),
        "online_url": rsvp.talk.online_url if seated else "",
    }


def _stamp(moment: datetime | None) -> int:
    return int((moment or timezone.now()).timestamp())


def _message(rsvp: Rsvp, kind: str, version, facts: TalkFacts, **extra) -> QueuedEmail:
    return QueuedEmail(
        to=rsvp.email,
        kind=kind,
        context={**rsvp_context(rsvp, facts.context), **extra.pop("context", {})},
        subject_name=facts.title,
        ics=facts.ics,
        discreet_ics=facts.discreet_ics,
        key=f"rsvp-{rsvp.pk}:{kind}:{version}",
        group=talk_group(rsvp.talk),
        **extra,
    )


def _queue_one(rsvp: Rsvp, kind: str, version, facts: TalkFacts | None, **extra) -> None:
    facts = facts or talk_facts(rsvp.talk)
    emails_queue(messages=[_message(rsvp, kind, version, facts, **extra)])


def reminder_messages(rsvp: Rsvp, facts: TalkFacts) -> list[QueuedEmail]:
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
                context={**rsvp_context(rsvp, facts.context), "hours": hours},
                subject_name=facts.title,
                ics=facts.ics,
                discreet_ics=facts.discreet_ics,
                category=Category.REMINDER,
                key=f"rsvp-{rsvp.pk}:{REMINDER}-{hours}h:{_stamp(talk.start)}",
                group=talk_group(talk),
                due_at=due,
                expires_at=due + grace,
            )
        )
    return messages


def send_guest_confirmation_request(rsvp: Rsvp, facts: TalkFacts | None = None) -> None:
    confirm = tokens.rsvp_token(rsvp_id=rsvp.pk, purpose=tokens.CONFIRM)
    context = {
        "confirm_url": absolute(reverse("rsvp_confirm", kwargs={"token": confirm})),
        "hold_hours": int(settings.EVENTS_GUEST_HOLD.total_seconds() // 3600),
        "seat_held": rsvp.seat_held_until is not None,
    }
    _queue_one(rsvp, "rsvp_confirm_request", _stamp(rsvp.created_at), facts, context=context)


def send_rsvp_link(rsvp: Rsvp, now: datetime, facts: TalkFacts | None = None) -> None:
    """Someone asked to RSVP with an address that already has one: its owner gets the
    link (once a day at most), and the page that asked learns nothing."""
    _queue_one(rsvp, "rsvp_link", now.strftime("%Y%m%d"), facts)


def _send_seated(rsvp: Rsvp, kind: str, facts: TalkFacts | None) -> None:
    facts = facts or talk_facts(rsvp.talk)
    emails_queue(
        messages=[
            _message(rsvp, kind, _stamp(rsvp.confirmed_at), facts),
            *reminder_messages(rsvp, facts),
        ]
    )


def send_rsvp_confirmed(rsvp: Rsvp, facts: TalkFacts | None = None) -> None:
    _send_seated(rsvp, "rsvp_confirmed", facts)


def send_rsvp_promoted(rsvp: Rsvp, facts: TalkFacts | None = None) -> None:
    _send_seated(rsvp, "rsvp_promoted", facts)


def send_rsvp_waitlisted(rsvp: Rsvp, position: int, facts: TalkFacts | None = None) -> None:
    context = {"position": position}
    _queue_one(rsvp, "rsvp_waitlisted", _stamp(rsvp.waitlisted_at), facts, context=context)


def cancel_reminders(rsvp: Rsvp) -> None:
    emails_cancel_pending(key_prefix=f"rsvp-{rsvp.pk}:", kinds=[REMINDER])


def send_rsvp_cancelled(rsvp: Rsvp, facts: TalkFacts | None = None) -> None:
    cancel_reminders(rsvp)
    _queue_one(rsvp, "rsvp_cancelled", _stamp(rsvp.cancelled_at), facts)


def _requeue_reminders_with(talk: Talk, notice=None) -> None:
    """Cancel the talk's pending reminders and queue them anew (with `notice` per person)."""
    emails_cancel_pending(group=talk_group(talk), kinds=[REMINDER])
    facts = talk_facts(talk)
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
    facts = talk_facts(talk)
    message = {"message": talk.cancellation_message}
    emails_queue(
        messages=[
            _message(rsvp, "talk_cancelled", talk.sequence, facts, context=message)
            for rsvp in rsvps
        ]
    )


def send_coordinator_message(talk: Talk, rsvps, *, subject: str, body: str, ref: int) -> int:
    facts = talk_facts(talk)
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
    facts = talk_facts(talk)
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
