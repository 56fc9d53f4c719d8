"""Everything the service does to talks and RSVPs.

Every change that counts seats runs inside `locked_talk` (see events/locking.py);
emails are queued in the same transaction and leave only after it commits.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from events import emails
from events.locking import locked_talk
from events.markdown import render_markdown
from events.models import CalendarFeed, Rsvp, Talk, TalkChange, new_feed_token
from notifications.services import preference_update

# Changes a calendar shows: they raise the talk's iCalendar SEQUENCE.
CALENDAR_FIELDS = {"title", "start", "end", "venue", "online_url", "status", "time_zone"}
# Changes attendees are told about by email (time has its own path: talk_reschedule).
NOTIFIED_FIELDS = {"title", "venue", "online_url", "time_zone"}
SEAT_HOLDING = {Rsvp.Status.CONFIRMED, Rsvp.Status.PENDING}
ACTIVE = {Rsvp.Status.CONFIRMED, Rsvp.Status.PENDING, Rsvp.Status.WAITLISTED}


class RsvpNotPossible(Exception):
    """A clear, user-facing reason why an RSVP action cannot happen."""


@dataclass(frozen=True)
class RsvpOutcome:
    rsvp: Rsvp
    created: bool


def normalise_email(email: str) -> str:
    return email.strip().lower()


# --- Talks ----------------------------------------------------------------------------------


def _record(talk: Talk, by, action: str, **details) -> None:
    TalkChange.objects.create(talk=talk, by=by, action=action, details=details)


def _describe(value):
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value) if value is not None else ""


def talk_create(*, by, topics=(), speakers=(), **fields) -> Talk:
    talk = Talk(**fields)
    talk.description_html = render_markdown(talk.description)
    talk.full_clean()
    talk.save()
    talk.topics.set(topics)
    talk.speakers.set(speakers)
    _record(talk, by, "created", title=talk.title)
    return talk


def talk_update(*, talk: Talk, by, topics=None, speakers=None, **fields) -> Talk:
    """Change a talk's details. Time, capacity, publication and cancellation have their own."""
    changed = {}
    for name, value in fields.items():
        old = getattr(talk, name)
        if old != value:
            changed[name] = [_describe(old), _describe(value)]
            setattr(talk, name, value)
    if "description" in changed:
        talk.description_html = render_markdown(talk.description)
    if changed.keys() & CALENDAR_FIELDS:
        talk.sequence += 1
    talk.full_clean()
    talk.save()
    for name, new in (("topics", topics), ("speakers", speakers)):
        if new is None:
            continue
        old = getattr(talk, name).all()
        if set(old) != set(new):
            changed[name] = [", ".join(map(str, old)), ", ".join(map(str, new))]
            getattr(talk, name).set(new)
    if changed:
        _record(talk, by, "edited", changed=changed)
    shown_changes = sorted(changed.keys() & NOTIFIED_FIELDS)
    if talk.status == Talk.Status.PUBLISHED:
        if shown_changes:
            emails.send_talk_changed(talk, changes=shown_changes)
        elif "reminder_hours" in changed:
            emails.requeue_reminders(talk)
    return talk


def talk_publish(*, talk: Talk, by, now: datetime | None = None) -> Talk:
    now = now or timezone.now()
    if talk.status != Talk.Status.DRAFT:
        raise ValidationError(_("Only a draft can be published."))
    if talk.start <= now:
        raise ValidationError(_("This talk's start has passed: reschedule it before publishing."))
    talk.status = Talk.Status.PUBLISHED
    talk.sequence += 1
    talk.save(update_fields=["status", "sequence", "updated_at"])
    _record(talk, by, "published")
    return talk


def talk_reschedule(*, talk: Talk, start: datetime, end: datetime, by, now=None) -> Talk:
    now = now or timezone.now()
    if end <= start:
        raise ValidationError(_("The end must be after the start."))
    if start <= now:
        raise ValidationError(_("The new start must be in the future."))
    old = (talk.start, talk.end)
    with locked_talk(talk.pk) as locked:
        locked.start, locked.end = start, end
        if locked.rsvp_closes_at and locked.rsvp_closes_at > start:
            locked.rsvp_closes_at = None  # RSVPs close at the new start
        locked.sequence += 1
        locked.save(update_fields=["start", "end", "rsvp_closes_at", "sequence", "updated_at"])
        _record(
            locked,
            by,
            "rescheduled",
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
        taken = locked.rsvps.seats_taken(now)
        if capacity is not None and capacity < taken:
            raise ValidationError(
                _("%(taken)s seats are already taken: capacity cannot go below that.")
                % {"taken": taken}
            )
        old = locked.capacity
        locked.capacity = capacity
        locked.save(update_fields=["capacity", "updated_at"])
        _record(locked, by, "capacity", capacity=[_describe(old), _describe(capacity)])
        _promote_waitlist(locked, now)
    return locked


def talk_cancel(*, talk: Talk, message: str, by) -> Talk:
    if talk.status == Talk.Status.CANCELLED:
        raise ValidationError(_("This talk is already cancelled."))
    if talk.status == Talk.Status.DRAFT:
        raise ValidationError(_("A draft was never published: there is nothing to cancel."))
    with locked_talk(talk.pk) as locked:
        locked.status = Talk.Status.CANCELLED
        locked.cancellation_message = message
        locked.sequence += 1
        locked.save(update_fields=["status", "cancellation_message", "sequence", "updated_at"])
        _record(locked, by, "cancelled", message=message)
        emails.send_talk_cancelled(
            locked, locked.rsvps.filter(status__in=ACTIVE).select_related("talk")
        )
    return locked


class Audience:
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    BOTH = "both"


def talk_message_attendees(*, talk: Talk, by, subject: str, body: str, audience: str) -> int:
    """A coordinator's message to the people coming and/or waiting; returns how many."""
    statuses = {
        Audience.CONFIRMED: [Rsvp.Status.CONFIRMED],
        Audience.WAITLISTED: [Rsvp.Status.WAITLISTED],
        Audience.BOTH: [Rsvp.Status.CONFIRMED, Rsvp.Status.WAITLISTED],
    }[audience]
    with transaction.atomic():
        recipients = list(talk.rsvps.filter(status__in=statuses).select_related("talk"))
        change = TalkChange.objects.create(
            talk=talk,
            by=by,
            action="message",
            details={"subject": subject, "audience": audience, "recipients": len(recipients)},
        )
        emails.send_coordinator_message(talk, recipients, subject=subject, body=body, ref=change.pk)
    return len(recipients)


THANKS_AFTER = timedelta(hours=2)
THANKS_TOO_LATE = timedelta(days=2)


def talks_send_thanks(*, now: datetime | None = None) -> int:
    """Two hours after a talk ends, thank the people who came (checked in, or confirmed
    when nobody was checked in) with the feedback link. Each talk is thanked once."""
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
            attending = talk.rsvps.attending().select_related("talk")
            checked_in = attending.exclude(checked_in_at=None)
            thanked += emails.send_thanks(talk, checked_in if checked_in.exists() else attending)
    return thanked


def _free_slug(base: str) -> str:
    slug, counter = base[:90], 2
    while Talk.objects.filter(slug=slug).exists():
        slug = f"{base[:85]}-{counter}"
        counter += 1
    return slug


def talk_duplicate(*, talk: Talk, start: datetime, end: datetime, by) -> Talk:
    """A new draft like `talk` at a new time: the next talk of a series."""
    local_date = start.astimezone(talk.tzinfo).date().isoformat()
    copy = talk_create(
        by=by,
        topics=talk.topics.all(),
        speakers=talk.speakers.all(),
        title=talk.title,
        slug=_free_slug(slugify(f"{talk.title} {local_date}")),
        summary=talk.summary,
        description=talk.description,
        series=talk.series,
        venue=talk.venue,
        online_url=talk.online_url,
        time_zone=talk.time_zone,
        start=start,
        end=end,
        capacity=talk.capacity,
        waitlist_enabled=talk.waitlist_enabled,
        max_companions=talk.max_companions,
        ask_accessibility_needs=talk.ask_accessibility_needs,
        ask_heard_about=talk.ask_heard_about,
        reminder_hours=talk.reminder_hours,
    )
    _record(talk, by, "duplicated", copy=copy.slug)
    return copy


# --- RSVPs ------------------------------------------------------------------------------------


def _seats_free(talk: Talk, now: datetime) -> int | None:
    if talk.capacity is None:
        return None
    return max(talk.capacity - talk.rsvps.seats_taken(now), 0)


def rsvp_closed_reason(talk: Talk, now: datetime) -> str | None:
    """Why a talk takes no RSVPs right now, or None when it does."""
    if talk.status == Talk.Status.CANCELLED:
        return _("This talk has been cancelled.")
    if talk.status != Talk.Status.PUBLISHED:
        return _("This talk is not open for RSVPs.")
    if talk.rsvp_opens_at and now < talk.rsvp_opens_at:
        return _("RSVPs for this talk have not opened yet.")
    if now >= talk.closes_at:
        return _("RSVPs for this talk are closed.")
    return None


def _check_open(talk: Talk, now: datetime) -> None:
    reason = rsvp_closed_reason(talk, now)
    if reason:
        raise RsvpNotPossible(reason)


def waitlist_position(rsvp: Rsvp) -> int:
    ahead = rsvp.talk.rsvps.waitlist().filter(waitlisted_at__lt=rsvp.waitlisted_at).count()
    same_moment = rsvp.talk.rsvps.waitlist().filter(
        waitlisted_at=rsvp.waitlisted_at, pk__lt=rsvp.pk
    )
    return ahead + same_moment.count() + 1


def _seat_or_waitlist(talk: Talk, rsvp: Rsvp, now: datetime) -> None:
    """Confirm `rsvp` if its whole party fits and nobody waits ahead; else waitlist it."""
    free = _seats_free(talk, now)
    nobody_waiting = not talk.rsvps.waitlist().exists()
    if free is None or (free >= rsvp.party_size and nobody_waiting):
        rsvp.status, rsvp.confirmed_at, rsvp.seat_held_until = Rsvp.Status.CONFIRMED, now, None
        rsvp.save()
        emails.send_rsvp_confirmed(rsvp)
        return
    if not talk.waitlist_enabled:
        raise RsvpNotPossible(_("This talk is full."))
    rsvp.status, rsvp.waitlisted_at, rsvp.seat_held_until = Rsvp.Status.WAITLISTED, now, None
    rsvp.save()
    emails.send_rsvp_waitlisted(rsvp, waitlist_position(rsvp))


def _promote_waitlist(talk: Talk, now: datetime) -> list[Rsvp]:
    """Give freed seats to the waitlist in order; a party waits until it fits as a whole."""
    promoted = []
    if talk.status != Talk.Status.PUBLISHED or now >= talk.start:
        return promoted
    for rsvp in talk.rsvps.waitlist().select_related("talk"):
        free = _seats_free(talk, now)
        if free is not None and free < rsvp.party_size:
            break
        rsvp.status, rsvp.confirmed_at = Rsvp.Status.CONFIRMED, now
        rsvp.save(update_fields=["status", "confirmed_at"])
        emails.send_rsvp_promoted(rsvp)
        promoted.append(rsvp)
    return promoted


def rsvp_create(
    *,
    talk: Talk,
    email: str,
    name: str,
    user=None,
    party_size: int = 1,
    accessibility_needs: str = "",
    heard_about: str = "",
    discreet_emails: bool | None = None,
    now: datetime | None = None,
) -> RsvpOutcome:
    """RSVP to a talk: members are seated (or waitlisted) at once; guests confirm by email.

    A second RSVP for the same email returns the existing one unchanged.
    """
    now = now or timezone.now()
    email = normalise_email(email)
    with locked_talk(talk.pk) as locked:
        _check_open(locked, now)  # first: a closed talk answers the same for every address
        existing = Rsvp.objects.filter(talk=locked, email=email).first()
        if existing and existing.status in ACTIVE:
            if user is None:
                emails.send_rsvp_link(existing, now)
            return RsvpOutcome(rsvp=existing, created=False)
        if discreet_emails:
            preference_update(email=email, discreet=True)
        if party_size < 1 or party_size > 1 + locked.max_companions:
            raise RsvpNotPossible(
                _("This talk allows up to %(count)s people per RSVP.")
                % {"count": 1 + locked.max_companions}
            )
        rsvp = existing or Rsvp(talk=locked, email=email, created_at=now)
        rsvp.talk = locked
        rsvp.user, rsvp.name, rsvp.party_size = user, name, party_size
        rsvp.accessibility_needs, rsvp.heard_about = accessibility_needs, heard_about
        rsvp.cancelled_at = rsvp.confirmed_at = rsvp.waitlisted_at = None
        rsvp.created_at = now  # a renewed RSVP starts its confirmation window afresh
        if user is None:
            free = _seats_free(locked, now)
            nobody_waiting = not locked.rsvps.waitlist().exists()
            fits = free is None or (free >= party_size and nobody_waiting)
            rsvp.status = Rsvp.Status.PENDING
            rsvp.seat_held_until = now + settings.EVENTS_GUEST_HOLD if fits else None
            rsvp.save()
            emails.send_guest_confirmation_request(rsvp)
        else:
            _seat_or_waitlist(locked, rsvp, now)
    return RsvpOutcome(rsvp=rsvp, created=True)


def rsvp_confirm_email(*, rsvp: Rsvp, now: datetime | None = None) -> Rsvp:
    """A guest clicked the link in their email: seat them (their hold counts) or waitlist."""
    now = now or timezone.now()
    with locked_talk(rsvp.talk_id) as talk:
        rsvp = Rsvp.objects.select_related("talk").get(pk=rsvp.pk)
        if rsvp.status != Rsvp.Status.PENDING:
            if rsvp.status in ACTIVE:
                return rsvp
            raise RsvpNotPossible(_("This RSVP is no longer waiting for confirmation."))
        _check_open(talk, now)
        if rsvp.seat_held_until and rsvp.seat_held_until > now:
            rsvp.status, rsvp.confirmed_at, rsvp.seat_held_until = (
                Rsvp.Status.CONFIRMED,
                now,
                None,
            )
            rsvp.save()
            emails.send_rsvp_confirmed(rsvp)
        else:
            rsvp.seat_held_until = None
            _seat_or_waitlist(talk, rsvp, now)
    return rsvp


def rsvp_cancel(*, rsvp: Rsvp, now: datetime | None = None, notify: bool = True) -> Rsvp:
    """Cancel an RSVP or leave the waitlist; a freed seat goes to the next in line.

    `notify=False` skips the person's own confirmation (they are deleting their data).
    """
    now = now or timezone.now()
    with locked_talk(rsvp.talk_id) as talk:
        rsvp = Rsvp.objects.select_related("talk").get(pk=rsvp.pk)
        if rsvp.status not in ACTIVE:
            return rsvp
        if now >= talk.start:
            raise RsvpNotPossible(
                _("This talk has already started, so RSVPs can no longer be cancelled.")
            )
        freed_seat = rsvp.status in SEAT_HOLDING
        rsvp.status, rsvp.cancelled_at, rsvp.seat_held_until = Rsvp.Status.CANCELLED, now, None
        rsvp.save(update_fields=["status", "cancelled_at", "seat_held_until"])
        if notify:
            emails.send_rsvp_cancelled(rsvp)
        else:
            emails.cancel_reminders(rsvp)
        if freed_seat:
            _promote_waitlist(talk, now)
    return rsvp


def rsvps_expire_unconfirmed(*, now: datetime | None = None) -> int:
    """Expire guest RSVPs never confirmed within the hold; their seats go to the waitlist."""
    now = now or timezone.now()
    cutoff = now - settings.EVENTS_GUEST_HOLD
    stale = Rsvp.objects.filter(status=Rsvp.Status.PENDING, created_at__lte=cutoff)
    expired = 0
    for talk_id in set(stale.values_list("talk_id", flat=True)):
        with locked_talk(talk_id) as talk:
            expired += stale.filter(talk=talk).update(
                status=Rsvp.Status.EXPIRED, seat_held_until=None
            )
            _promote_waitlist(talk, now)
    return expired


def rsvp_check_in(*, rsvp: Rsvp, by, now: datetime | None = None) -> Rsvp:
    if rsvp.status != Rsvp.Status.CONFIRMED:
        raise RsvpNotPossible(_("Only confirmed RSVPs can be checked in."))
    if rsvp.checked_in_at is None:
        rsvp.checked_in_at, rsvp.checked_in_by = now or timezone.now(), by
        rsvp.save(update_fields=["checked_in_at", "checked_in_by"])
    return rsvp


def rsvp_check_in_undo(*, rsvp: Rsvp) -> Rsvp:
    rsvp.checked_in_at, rsvp.checked_in_by = None, None
    rsvp.save(update_fields=["checked_in_at", "checked_in_by"])
    return rsvp


# --- Personal calendar feeds ---------------------------------------------------------------------


def calendar_feed_for(*, email: str) -> CalendarFeed:
    """The person's own feed, made on first use."""
    feed, _created = CalendarFeed.objects.get_or_create(email=normalise_email(email))
    return feed


def calendar_feed_rotate(*, feed: CalendarFeed) -> CalendarFeed:
    """A new secret URL; the old one answers 404 from now on."""
    feed.token = new_feed_token()
    feed.save(update_fields=["token"])
    return feed


def calendar_feed_update(*, feed: CalendarFeed, alarms: bool, discreet_titles: bool):
    feed.alarms, feed.discreet_titles = alarms, discreet_titles
    feed.save(update_fields=["alarms", "discreet_titles"])
    return feed
