"""Everything the service does to a talk: create, edit, publish, move, resize, copy, cancel,
message its people, thank them.

Each operation is one transaction: the talk's row, its topics and speakers, the change-log
row and the emails it queues are all written, or none is.
"""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from events import emails, hooks
from events.locking import locked_talk
from events.markdown import render_markdown
from events.models import MessageAudience, Rsvp, Talk, TalkChange
from events.selectors import seats_held
from events.services.rsvps import ACTIVE, waitlist_promote
from events.services.schedule import schedule_version_bump

# Changes a calendar shows: they raise the talk's iCalendar SEQUENCE.
CALENDAR_FIELDS = {"title", "start", "end", "venue", "online_url", "status", "time_zone"}
# Changes attendees are told about by email (time has its own path: talk_reschedule).
NOTIFIED_FIELDS = {"title", "venue", "online_url", "time_zone"}
# What a copy of a talk takes from it. A new field of Talk is copied only once it is
# named here; tests/events/test_coordinator_actions.py fails on a field left unsorted.
DUPLICATED_FIELDS = (
    "title",
    "summary",
    "description",
    "series",
    "venue",
    "online_url",
    "image",
    "time_zone",
    "capacity",
    "waitlist_enabled",
    "max_companions",
    "ask_accessibility_needs",
    "ask_heard_about",
    "reminder_hours",
)
# Fields a copy gets anew: its identity, time, state and bookkeeping.
NOT_DUPLICATED_FIELDS = (
    "id",
    "uid",
    "slug",
    "start",
    "end",
    "status",
    "sequence",
    "seats_taken",
    "waitlist_count",
    "description_html",
    "thanks_queued_at",
    "rsvp_opens_at",
    "rsvp_closes_at",
    "cancellation_message",
    "created_at",
    "updated_at",
)
THANKS_AFTER = timedelta(hours=2)
THANKS_TOO_LATE = timedelta(days=2)


def _record(talk: Talk, by, action: str, **details) -> None:
    """Log a change to a talk for its coordinators. Every change logged here is one the
    public pages or feeds may show, so the schedule's version rises with it."""
    TalkChange.objects.create(talk=talk, by=by, action=action, details=details)
    schedule_version_bump()


def _describe(value):
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value) if value is not None else ""


@transaction.atomic
def talk_create(*, by, topics=(), speakers=(), **fields) -> Talk:
    talk = Talk(**fields)
    talk.description_html = render_markdown(talk.description)
    talk.full_clean()
    talk.save()
    talk.topics.set(topics)
    talk.speakers.set(speakers)
    _record(talk, by, TalkChange.Action.CREATED, title=talk.title)
    return talk


def talk_update(*, talk: Talk, by, topics=None, speakers=None, **fields) -> Talk:
    """Change a talk's details. Time, capacity, publication and cancellation have their own.

    Under the talk's lock, on the row as it is now, saving only the fields that change:
    an edit made on a page loaded before a cancellation (or a reschedule) cannot undo it.
    """
    with locked_talk(talk.pk) as locked:
        return _talk_update_locked(locked, by, topics, speakers, fields)


def _talk_update_locked(talk: Talk, by, topics, speakers, fields: dict) -> Talk:
    changed = {}
    for name, value in fields.items():
        old = getattr(talk, name)
        if old != value:
            changed[name] = [_describe(old), _describe(value)]
            setattr(talk, name, value)
    saved = [*changed, "updated_at"]
    if "description" in changed:
        talk.description_html = render_markdown(talk.description)
        saved.append("description_html")
    if changed.keys() & CALENDAR_FIELDS:
        talk.sequence += 1
        saved.append("sequence")
    talk.full_clean()
    talk.save(update_fields=saved)
    for name, new in (("topics", topics), ("speakers", speakers)):
        if new is None:
            continue
        old = getattr(talk, name).all()
        if set(old) != set(new):
            changed[name] = [", ".join(map(str, old)), ", ".join(map(str, new))]
            getattr(talk, name).set(new)
    if changed:
        _record(talk, by, TalkChange.Action.EDITED, changed=changed)
    shown_changes = sorted(changed.keys() & NOTIFIED_FIELDS)
    if talk.status == Talk.Status.PUBLISHED:
        if shown_changes:
            emails.send_talk_changed(talk, changes=shown_changes)
        elif "reminder_hours" in changed:
            emails.requeue_reminders(talk)
    return talk


@transaction.atomic
def talk_publish(*, talk: Talk, by, now: datetime | None = None) -> Talk:
    """Publish a draft. The hook's receivers (announcements, the requester's notice) queue
    their emails in this same transaction: a draft has no RSVPs yet, so holding its row
    lock until the fan-out commits blocks nobody."""
    now = now or timezone.now()
    with locked_talk(talk.pk) as locked:
        if locked.status != Talk.Status.DRAFT:
            raise ValidationError(_("Only a draft can be published."))
        if locked.start <= now:
            raise ValidationError(
                _("This talk's start has passed: reschedule it before publishing.")
            )
        locked.status = Talk.Status.PUBLISHED
        locked.sequence += 1
        locked.save(update_fields=["status", "sequence", "updated_at"])
        _record(locked, by, TalkChange.Action.PUBLISHED)
    hooks.talk_published.send(sender=Talk, talk=locked, by=by)
    return locked


def talk_reschedule(*, talk: Talk, start: datetime, end: datetime, by, now=None) -> Talk:
    now = now or timezone.now()
    if end <= start:
        raise ValidationError(_("The end must be after the start."))
    if start <= now:
        raise ValidationError(_("The new start must be in the future."))
    with locked_talk(talk.pk) as locked:
        old = (locked.start, locked.end)
        locked.start, locked.end = start, end
        if locked.rsvp_closes_at and locked.rsvp_closes_at > start:
            locked.rsvp_closes_at = None  # RSVPs close at the new start
        locked.sequence += 1
        locked.save(update_fields=["start", "end", "rsvp_closes_at", "sequence", "updated_at"])
        _record(
            locked,
            by,
            TalkChange.Action.RESCHEDULED,
            start=[_describe(old[0]), _describe(start)],
            end=[_describe(old[1]), _describe(end)],
        )
        if locked.status == Talk.Status.PUBLISHED:
            emails.send_talk_changed(locked, changes=["time"])
    return locked


def talk_capacity_change(*, talk: Talk, capacity: int | None, by, now=None) -> Talk:
    """Set the capacity (None: unlimited); freed seats go to the waitlist at once."""
    now = now or timezone.now()
    if capacity is not None and capacity < 0:
        raise ValidationError(_("Capacity cannot be negative."))
    with locked_talk(talk.pk) as locked:
        taken = seats_held(locked)
        if capacity is not None and capacity < taken:
            raise ValidationError(
                _("%(taken)s seats are already taken: capacity cannot go below that.")
                % {"taken": taken}
            )
        old = locked.capacity
        locked.capacity = capacity
        locked.save(update_fields=["capacity", "updated_at"])
        _record(
            locked,
            by,
            TalkChange.Action.CAPACITY,
            capacity=[_describe(old), _describe(capacity)],
        )
        waitlist_promote(locked, now)
    return locked


def talk_cancel(*, talk: Talk, message: str, by) -> Talk:
    """Cancel a published talk and tell everyone who RSVPed. Checked under the lock, so
    two coordinators cancelling at once send one set of emails."""
    with locked_talk(talk.pk) as locked:
        if locked.status == Talk.Status.CANCELLED:
            raise ValidationError(_("This talk is already cancelled."))
        if locked.status == Talk.Status.DRAFT:
            raise ValidationError(_("A draft was never published: there is nothing to cancel."))
        locked.status = Talk.Status.CANCELLED
        locked.cancellation_message = message
        locked.sequence += 1
        locked.save(update_fields=["status", "cancellation_message", "sequence", "updated_at"])
        _record(locked, by, TalkChange.Action.CANCELLED, message=message)
        emails.send_talk_cancelled(
            locked, locked.rsvps.filter(status__in=ACTIVE).select_related("talk")
        )
        hooks.talk_cancelled.send(sender=Talk, talk=locked)
    return locked


AUDIENCE_STATUSES = {
    MessageAudience.CONFIRMED: [Rsvp.Status.CONFIRMED],
    MessageAudience.WAITLISTED: [Rsvp.Status.WAITLISTED],
    MessageAudience.BOTH: [Rsvp.Status.CONFIRMED, Rsvp.Status.WAITLISTED],
}


@transaction.atomic
def talk_message_attendees(*, talk: Talk, by, subject: str, body: str, audience: str) -> int:
    """A coordinator's message to the people coming and/or waiting; returns how many."""
    statuses = AUDIENCE_STATUSES[MessageAudience(audience)]
    recipients = list(talk.rsvps.filter(status__in=statuses).select_related("talk"))
    change = TalkChange.objects.create(
        talk=talk,
        by=by,
        action=TalkChange.Action.MESSAGE,
        details={
            "subject": subject,
            "body": body,
            "audience": audience,
            "recipients": len(recipients),
        },
    )
    emails.send_coordinator_message(talk, recipients, subject=subject, body=body, ref=change.pk)
    return len(recipients)


def talk_message_test(*, talk: Talk, by, subject: str, body: str, now: datetime | None = None):
    """One copy of a coordinator's message to `by` alone, marked as a test: no attendee
    gets it and the talk's change log does not record it."""
    emails.send_coordinator_message_test(
        talk, to=by.email, subject=subject, body=body, now=now or timezone.now()
    )


def talks_send_thanks(*, now: datetime | None = None) -> int:
    """Two hours after a talk ends, thank everyone who was confirmed, checked in or not,
    with the feedback link: were only the checked-in people asked, a response would tell
    that its author came. Each talk is thanked once."""
    now = now or timezone.now()
    due = Talk.objects.published().filter(
        thanks_queued_at=None,
        end__lte=now - THANKS_AFTER,
        end__gt=now - THANKS_TOO_LATE,
    )
    thanked = 0
    for talk in due:
        with transaction.atomic():
            claimed = Talk.objects.filter(pk=talk.pk, thanks_queued_at=None).update(
                thanks_queued_at=now
            )
            if not claimed:
                continue
            thanked += emails.send_thanks(talk, talk.rsvps.attending().select_related("talk"))
    return thanked


def _free_slug(base: str) -> str:
    slug, counter = base[:90], 2
    while Talk.objects.filter(slug=slug).exists():
        slug = f"{base[:85]}-{counter}"
        counter += 1
    return slug


@transaction.atomic
def talk_duplicate(*, talk: Talk, start: datetime, end: datetime, by) -> Talk:
    """A new draft like `talk` at a new time: the next talk of a series."""
    local_date = start.astimezone(talk.tzinfo).date().isoformat()
    copy = talk_create(
        by=by,
        topics=talk.topics.all(),
        speakers=talk.speakers.all(),
        slug=_free_slug(slugify(f"{talk.title} {local_date}")),
        start=start,
        end=end,
        **{name: getattr(talk, name) for name in DUPLICATED_FIELDS},
    )
    _record(talk, by, TalkChange.Action.DUPLICATED, copy=copy.slug)
    return copy


@transaction.atomic
def talk_cohosts_record(*, talk: Talk, by, old: list[str], new: list[str]) -> None:
    """Outreach changed who co-hosts a talk (events knows co-hosts only through
    events/hooks.py): the change is logged, the talk's calendar entry is marked changed
    (LAST-MODIFIED; not SEQUENCE: its time and place stand) and the schedule's version
    rises, so its page and the feeds show it at once."""
    Talk.objects.filter(pk=talk.pk).update(updated_at=timezone.now())
    _record(
        talk, by, TalkChange.Action.EDITED, changed={"cohosts": [", ".join(old), ", ".join(new)]}
    )


@transaction.atomic
def talks_calendar_touch(*, talks) -> None:
    """Something these talks' calendar entries show changed outside them (a co-host's
    name): their LAST-MODIFIED moves and the schedule's version rises."""
    talks.update(updated_at=timezone.now())
    schedule_version_bump()
