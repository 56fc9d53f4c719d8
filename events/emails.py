"""The emails about talks and RSVPs: events decides who gets what and when, with what
facts; notifications renders and sends (templates/emails/<kind>_*).

Every message has a key, `rsvp-<id>:<kind>:<version>`, so the same message for the
same version of a talk can never be queued twice, and a group, `talk-<id>`, so a
talk's pending reminders can be cancelled together when it moves.

Calendar files never contradict the RSVP: a confirmed person's emails carry the event
(PUBLISH); the emails that end an RSVP or a talk carry its CANCEL; pending and
waitlisted people get no file, since nothing could take a tentative event back out of
their calendar when their RSVP expires or never gets a seat. A person's own CANCEL has
a SEQUENCE one above the talk's, so it supersedes the copy they hold; the talk's next
change reaches that number again with a later DTSTAMP, which wins the tie (RFC 5546
2.1.5), so someone who RSVPs again after it gets the event back. (Someone who RSVPs again
before the talk changes gets the talk's own SEQUENCE, below their CANCEL: only a
per-RSVP counter of their own cancellations could order that case.)
"""

import hashlib
from datetime import datetime, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from events import hooks, tokens
from events.change_log import change_notice_lines
from events.email_facts import CalendarFile, TalkFacts, rsvp_context, talk_facts
from events.hooks import TopicResource, topic_resources_for
from events.markdown import render_markdown
from events.models import Rsvp, Talk
from notifications.addresses import normalise_email
from notifications.models import Category
from notifications.outbox import QueuedEmail, emails_cancel_pending, emails_queue
from notifications.rendering import email_preview
from notifications.site import absolute

REMINDER = "reminder"
MAX_REMINDER_GRACE = timedelta(hours=6)


def talk_group(talk: Talk) -> str:
    return f"talk-{talk.pk}"


def _stamp(moment: datetime | None) -> int:
    return int((moment or timezone.now()).timestamp())


def _seat_file(rsvp: Rsvp, facts: TalkFacts) -> CalendarFile | None:
    """The event goes only with a seat: a pending or waitlisted person has none to add."""
    return facts.event if rsvp.status == Rsvp.Status.CONFIRMED else None


def _addressed(rsvp: Rsvp, kind: str, facts: TalkFacts, calendar, context: dict, **fields):
    """One message to `rsvp`'s person; `calendar` is a CalendarFile, or None for no file."""
    context = {
        **rsvp_context(rsvp, facts.context_in(rsvp.language)),
        **facts.links_for(kind),
        **context,
    }
    return QueuedEmail(
        to=rsvp.email,
        kind=kind,
        context={**context, "with_calendar": calendar is not None},
        subject_name=facts.title,
        language=rsvp.language,
        ics=calendar and calendar.plain,
        discreet_ics=calendar and calendar.discreet,
        group=talk_group(rsvp.talk),
        **fields,
    )


def _message(
    rsvp: Rsvp, kind: str, version, facts: TalkFacts, *, calendar=_seat_file, **extra
) -> QueuedEmail:
    """`calendar` picks the file for the person (default: the event if they have a seat)."""
    return _addressed(
        rsvp,
        kind,
        facts,
        calendar(rsvp, facts),
        extra.pop("context", {}),
        key=extra.pop("key", f"rsvp-{rsvp.pk}:{kind}:{version}"),
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
            _addressed(
                rsvp,
                REMINDER,
                facts,
                _seat_file(rsvp, facts),
                {"hours": hours},
                category=Category.REMINDER,
                key=f"rsvp-{rsvp.pk}:{REMINDER}-{hours}h:{_stamp(talk.start)}",
                due_at=due,
                expires_at=due + grace,
            )
        )
    return messages


def send_guest_confirmation_request(
    rsvp: Rsvp, facts: TalkFacts | None = None, *, discreet: bool = False
) -> None:
    """The confirm link to a guest; discreet if they asked, whatever the address's
    preference (which their wish changes only once they confirm)."""
    confirm = tokens.rsvp_confirm_token(rsvp_id=rsvp.pk, discreet=discreet)
    context = {
        "confirm_url": absolute(reverse("rsvp_confirm", kwargs={"token": confirm})),
        "confirm_within_hours": int(settings.EVENTS_CONFIRM_WITHIN.total_seconds() // 3600),
    }
    _queue_one(
        rsvp,
        "rsvp_confirm_request",
        _stamp(rsvp.created_at),
        facts,
        context=context,
        discreet=discreet,
    )


def send_rsvp_link(
    rsvp: Rsvp, now: datetime, facts: TalkFacts | None = None, *, discreet: bool = False
) -> None:
    """Someone asked to RSVP with an address that already has one: its owner gets the
    link (once a day at most), and the page that asked learns nothing."""
    _queue_one(rsvp, "rsvp_link", now.strftime("%Y%m%d"), facts, discreet=discreet)


def check_in_url(rsvp: Rsvp) -> str:
    """The link a coordinator's camera opens to check this person in: a token and nothing
    else (no slug), so a discreet email's code says no more than its text."""
    token = tokens.rsvp_token(rsvp_id=rsvp.pk, purpose=tokens.CHECK_IN)
    return absolute(reverse("rsvp_door", kwargs={"token": token}))


def _send_seated(rsvp: Rsvp, kind: str, facts: TalkFacts | None) -> None:
    """The seat's confirmation, with its check-in code when there is a door to show it
    at (an online-only talk has none), and its reminders."""
    facts = facts or talk_facts(rsvp.talk)
    qr_url = check_in_url(rsvp) if rsvp.talk.venue_id else ""
    emails_queue(
        messages=[
            _message(rsvp, kind, _stamp(rsvp.confirmed_at), facts, qr_url=qr_url),
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


def send_rsvp_party_changed(
    rsvp: Rsvp, position: int | None, facts: TalkFacts | None, now: datetime
) -> None:
    """The RSVP at its new size; a seated party gets the event file again."""
    context = {"position": position}
    version = f"{rsvp.party_size}-{_stamp(now)}"
    _queue_one(rsvp, "rsvp_party_changed", version, facts, context=context)


def cancel_reminders(rsvp: Rsvp) -> None:
    emails_cancel_pending(key_prefix=f"rsvp-{rsvp.pk}:", kinds=[REMINDER])


def _withdrawal_file(rsvp: Rsvp, facts: TalkFacts) -> CalendarFile:
    """Taking the event out is always safe, so it goes whatever the RSVP's state was."""
    return facts.withdrawal


def _cancelling_file(rsvp: Rsvp, facts: TalkFacts) -> CalendarFile | None:
    """The talk is cancelled: its event file is the CANCEL, for those who had the event."""
    return facts.event if rsvp.status == Rsvp.Status.CONFIRMED else None


def send_rsvp_cancelled(rsvp: Rsvp, facts: TalkFacts | None = None) -> None:
    cancel_reminders(rsvp)
    _queue_one(rsvp, "rsvp_cancelled", _stamp(rsvp.cancelled_at), facts, calendar=_withdrawal_file)


def _requeue_reminders_with(talk: Talk, notice=None) -> None:
    """Cancel the talk's pending reminders and queue them anew for the confirmed; `notice`
    goes to the confirmed and the waitlisted."""
    emails_cancel_pending(group=talk_group(talk), kinds=[REMINDER])
    facts = talk_facts(talk)
    messages = []
    told = [Rsvp.Status.CONFIRMED, *([Rsvp.Status.WAITLISTED] if notice else [])]
    for rsvp in talk.rsvps.filter(status__in=told).order_by("pk").select_related("talk"):
        if notice:
            messages.append(notice(rsvp, facts))
        if rsvp.status == Rsvp.Status.CONFIRMED:
            messages.extend(reminder_messages(rsvp, facts))
    emails_queue(messages=messages)


def requeue_reminders(talk: Talk) -> None:
    """The reminder hours changed: pending reminders follow."""
    _requeue_reminders_with(talk)


def send_talk_changed(talk: Talk, changes: list[str]) -> None:
    """A notice of what changed to everyone confirmed or waitlisted, with the new .ics for
    the confirmed, whose reminders move with it. `changes` names the changed fields; the
    notice quotes the change log's latest entry."""
    contexts = {}

    def notice_context(language: str) -> dict:
        """The notice's lines in the person's language, made once per language."""
        if language not in contexts:
            with translation.override(language or settings.LANGUAGE_CODE):
                contexts[language] = {
                    "changes": changes,
                    "change_lines": change_notice_lines(talk, discreet=False),
                    "discreet_change_lines": change_notice_lines(talk, discreet=True),
                }
        return contexts[language]

    _requeue_reminders_with(
        talk,
        lambda rsvp, facts: _message(
            rsvp, "talk_changed", talk.sequence, facts, context=notice_context(rsvp.language)
        ),
    )


def send_talk_cancelled(talk: Talk, rsvps) -> None:
    emails_cancel_pending(group=talk_group(talk), kinds=[REMINDER])
    facts = talk_facts(talk)
    message = {"message": talk.cancellation_message}
    emails_queue(
        messages=[
            _message(
                rsvp,
                "talk_cancelled",
                talk.sequence,
                facts,
                context=message,
                calendar=_cancelling_file,
            )
            for rsvp in rsvps
        ]
    )


def _coordinator_message(
    rsvp: Rsvp, facts: TalkFacts, version, *, subject: str, body: str, **extra
):
    """The body is Markdown: the HTML part shows it rendered and cleaned (events.markdown),
    the text part as typed. Discreet recipients get the neutral note instead."""
    context = {"subject": subject, "body": body, "body_html": str(render_markdown(body))}
    return _message(
        rsvp,
        "coordinator_message",
        version,
        facts,
        context={**context, **extra.pop("context", {})},
        category=extra.pop("category", Category.ANNOUNCEMENT),
        **extra,
    )


def send_coordinator_message(talk: Talk, rsvps, *, subject: str, body: str, ref: int) -> int:
    facts = talk_facts(talk)
    messages = [
        _coordinator_message(rsvp, facts, ref, subject=subject, body=body) for rsvp in rsvps
    ]
    return emails_queue(messages=messages)


def _example_attendee(talk: Talk, email: str) -> Rsvp:
    """A made-up person with a seat, never saved: their RSVP links lead nowhere."""
    return Rsvp(
        talk=talk,
        email=email,
        name=gettext("Alex Example"),
        status=Rsvp.Status.CONFIRMED,
        language=translation.get_language() or "",
    )


def coordinator_message_previews(talk: Talk, *, subject: str, body: str) -> dict:
    """The message as a made-up attendee gets it: {"plain": ..., "discreet": ...}, each
    a RenderedEmail (subject, text, html). Nothing is stored or sent."""
    facts = talk_facts(talk)
    message = _coordinator_message(
        _example_attendee(talk, "preview@example.invalid"),
        facts,
        "preview",
        subject=subject,
        body=body,
        calendar=_no_file,
    )
    return {
        mode: email_preview(
            kind=message.kind,
            context=message.context,
            subject_name=message.subject_name,
            language=message.language,
            discreet=mode == "discreet",
        )
        for mode in ("plain", "discreet")
    }


def send_coordinator_message_test(
    talk: Talk, *, to: str, subject: str, body: str, now: datetime
) -> None:
    """One copy to the coordinator (`to`), marked as a test, as a made-up attendee would
    get it; their own email preferences apply, discreet included. No calendar file."""
    message = _coordinator_message(
        _example_attendee(talk, to),
        talk_facts(talk),
        "test",
        subject=subject,
        body=body,
        context={"test": True},
        category=Category.TRANSACTIONAL,
        calendar=_no_file,
        key=f"talk-{talk.pk}:coordinator_message_test:{normalise_email(to)}:{now.timestamp()}",
        due_at=now,
    )
    emails_queue(messages=[message], now=now)


def _no_file(rsvp: Rsvp, facts: TalkFacts) -> None:
    """After the talk there is nothing to add to a calendar."""
    return None


def resources_context(resources: list[TopicResource], language: str) -> dict:
    """The talk's topics' resources as a thank-you email lists them, in `language`. A
    discreet email leaves them out (their titles name the topic) and links to the
    person's RSVP page, which leads to the talk's page, where they are."""
    with translation.override(language or settings.LANGUAGE_CODE):
        listed = [
            {"title": r.title, "source": r.source, "link": r.link, "kind": str(r.kind)}
            for r in resources
        ]
    return {"resources": listed}


def send_thanks(talk: Talk, rsvps) -> int:
    """Thank everyone in `rsvps`, each with their own one-use feedback link when the floor
    above gives one (events.hooks thank_you_feedback_links). The outbox forgets a message's
    context once it has left, so no row keeps a person's address beside their link."""
    rsvps = list(rsvps)
    facts = talk_facts(talk)
    resources = topic_resources_for([topic.pk for topic in talk.topics.all()])
    links = next(
        iter(hooks.hook_results(hooks.thank_you_feedback_links, talk=talk, count=len(rsvps))),
        [],
    )
    messages = [
        _message(
            rsvp,
            "thank_you",
            "after",
            facts,
            context={"feedback_url": link, **resources_context(resources, rsvp.language)},
            category=Category.ANNOUNCEMENT,
            calendar=_no_file,
            forget_context_when_sent=True,
        )
        for rsvp, link in zip(rsvps, links or [""] * len(rsvps), strict=True)
    ]
    return emails_queue(messages=messages)


def send_data_link(*, email: str, token: str, now: datetime) -> None:
    """A link to the data held for `email`, asked for by someone (probably its owner).
    It names no talk, so it reads the same in discreet mode; it is not sent once the
    link has expired."""
    data_url = absolute(reverse("person_data", kwargs={"token": token}))
    digest = hashlib.sha256(token.encode()).hexdigest()[:32]
    context = {"data_url": data_url, "valid_minutes": tokens.DATA_LINK_AGE // timedelta(minutes=1)}
    message = QueuedEmail(
        to=email,
        kind="data_link",
        context=context,
        key=f"data-link:{digest}",
        due_at=now,
        expires_at=now + tokens.DATA_LINK_AGE,
    )
    emails_queue(messages=[message], now=now)


def send_coordinator_invitation(*, email: str, token: str, key: str, now: datetime) -> None:
    """An invitation to join the coordinators; it names no talk. Not sent once it expired."""
    context = {
        "invite_url": absolute(reverse("coordinator_invitation", kwargs={"token": token})),
        "valid_days": tokens.INVITE_AGE.days,
    }
    message = QueuedEmail(
        to=email,
        kind="coordinator_invitation",
        context=context,
        language=translation.get_language() or "",
        key=key,
        due_at=now,
        expires_at=now + tokens.INVITE_AGE,
    )
    emails_queue(messages=[message], now=now)
