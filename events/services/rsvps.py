"""Everything the service does to an RSVP: create, confirm, change, cancel, expire, check in.

Every change that counts seats runs inside `locked_talk` (events/locking.py), and holds
the lock for as little as it can: the emails' shared parts (two calendar files and the
talk's facts) are built before the lock is taken; under it come only the seat count, the
RSVP's row and the outbox rows, which leave after the transaction commits.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from events import emails
from events.email_facts import TalkFacts, talk_facts
from events.locking import locked_talk
from events.models import Rsvp, Talk, WalkIn
from events.page_cache import SCHEDULE, SEATS, page_versions_raise, seats_of
from events.querysets import holds_seat
from events.selectors import rsvp_closed_reason, seat_counts, seats_free, waitlist_position
from notifications.addresses import normalise_email
from notifications.models import ConsentRecord
from notifications.preferences import preference_update

ACTIVE = {Rsvp.Status.CONFIRMED, Rsvp.Status.PENDING, Rsvp.Status.WAITLISTED}
RESIZABLE = {Rsvp.Status.CONFIRMED, Rsvp.Status.WAITLISTED}  # a pending guest confirms first


class RsvpNotPossible(Exception):
    """A clear, user-facing reason why an RSVP action cannot happen."""


@dataclass(frozen=True)
class RsvpOutcome:
    rsvp: Rsvp
    created: bool


def _check_open(talk: Talk, now: datetime) -> None:
    reason = rsvp_closed_reason(talk, now)
    if reason:
        raise RsvpNotPossible(reason)


def _check_party(talk: Talk, party_size: int) -> None:
    if party_size < 1 or party_size > 1 + talk.max_companions:
        raise RsvpNotPossible(
            _("This talk allows up to %(count)s people per RSVP.")
            % {"count": 1 + talk.max_companions}
        )


def _fits(talk: Talk, party_size: int) -> bool:
    """Whether a party can be seated now: its whole size is free and nobody waits ahead
    (counted from the RSVPs and walk-ins, in one query, under the talk's lock)."""
    if talk.capacity is None:
        return True
    seats_taken, parties_waiting = seat_counts(talk)
    return talk.capacity - seats_taken >= party_size and parties_waiting == 0


def _current(facts: TalkFacts, built_from: Talk, locked: Talk) -> TalkFacts:
    """The facts built before the lock, or built anew if the talk changed meanwhile."""
    if (locked.sequence, locked.updated_at) == (built_from.sequence, built_from.updated_at):
        return facts
    return talk_facts(Talk.objects.select_related("venue").get(pk=locked.pk))


def _seat_or_waitlist(talk: Talk, rsvp: Rsvp, now: datetime, facts: TalkFacts) -> None:
    """Confirm `rsvp` if its whole party fits and nobody waits ahead; else waitlist it."""
    if _fits(talk, rsvp.party_size):
        rsvp.status, rsvp.confirmed_at = Rsvp.Status.CONFIRMED, now
        rsvp.save()
        talk_seats_recount(talk=talk)
        emails.send_rsvp_confirmed(rsvp, facts)
        return
    if not talk.waitlist_enabled:
        raise RsvpNotPossible(_("This talk is full."))
    rsvp.status, rsvp.waitlisted_at = Rsvp.Status.WAITLISTED, now
    rsvp.save()
    talk_seats_recount(talk=talk)
    emails.send_rsvp_waitlisted(rsvp, waitlist_position(rsvp), facts)


def waitlist_promote(talk: Talk, now: datetime) -> list[Rsvp]:
    """Give freed seats to the waitlist in order; a party waits until it fits as a whole.

    Call it under the talk's lock, after anything that frees seats.
    """
    promoted = []
    if talk.status != Talk.Status.PUBLISHED or now >= talk.start:
        return promoted
    facts = None
    for rsvp in talk.rsvps.waitlist().select_related("talk"):
        free = seats_free(talk)
        if free is not None and free < rsvp.party_size:
            break
        rsvp.status, rsvp.confirmed_at = Rsvp.Status.CONFIRMED, now
        rsvp.save(update_fields=["status", "confirmed_at"])
        facts = facts or talk_facts(rsvp.talk)
        emails.send_rsvp_promoted(rsvp, facts)
        promoted.append(rsvp)
    if promoted:
        talk_seats_recount(talk=talk)
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
    language: str = "",
    now: datetime | None = None,
) -> RsvpOutcome:
    """RSVP to a talk: members are seated (or waitlisted) at once; guests confirm by email.

    A second RSVP for the same email returns the existing one unchanged. `language` is the
    one the person used (their emails come in it; "" for the site's).
    """
    now = now or timezone.now()
    email = normalise_email(email)
    facts = talk_facts(talk)
    with locked_talk(talk.pk) as locked:
        _check_open(locked, now)  # first: a closed talk answers the same for every address
        facts = _current(facts, talk, locked)
        existing = Rsvp.objects.filter(talk=locked, email=email).first()
        if existing and existing.status in ACTIVE:
            if user is None:
                emails.send_rsvp_link(existing, now, facts, discreet=bool(discreet_emails))
            return RsvpOutcome(rsvp=existing, created=False)
        _check_party(locked, party_size)
        if discreet_emails and user is not None:  # a guest's wish waits for confirmation
            preference_update(email=email, discreet=True, how=ConsentRecord.How.RSVP_FORM)
        rsvp = existing or Rsvp(talk=locked, email=email, created_at=now)
        rsvp.talk = locked
        rsvp.user, rsvp.name, rsvp.party_size = user, name, party_size
        rsvp.accessibility_needs, rsvp.heard_about = accessibility_needs, heard_about
        rsvp.language = language
        rsvp.cancelled_at = rsvp.confirmed_at = rsvp.waitlisted_at = None
        rsvp.created_at = now  # a renewed RSVP starts its confirmation window afresh
        if user is None:
            rsvp.status = Rsvp.Status.PENDING  # holds nothing until the address is proven
            rsvp.save()
            emails.send_guest_confirmation_request(rsvp, facts, discreet=bool(discreet_emails))
        else:
            _seat_or_waitlist(locked, rsvp, now, facts)
    return RsvpOutcome(rsvp=rsvp, created=True)


def rsvp_confirm_email(
    *, rsvp: Rsvp, discreet_emails: bool = False, now: datetime | None = None
) -> Rsvp:
    """A guest proved their address from the link in their email: seat them now, if their
    whole party fits and nobody waits ahead, or else put them on the waitlist."""
    now = now or timezone.now()
    built_from = rsvp.talk
    facts = talk_facts(built_from)
    with locked_talk(rsvp.talk_id) as talk:
        rsvp = Rsvp.objects.select_related("talk").get(pk=rsvp.pk)
        if rsvp.status != Rsvp.Status.PENDING:
            if rsvp.status in ACTIVE:
                return rsvp
            raise RsvpNotPossible(_("This RSVP is no longer waiting for confirmation."))
        _check_open(talk, now)
        if discreet_emails:  # asked for with the RSVP; the address is proven now
            preference_update(email=rsvp.email, discreet=True, how=ConsentRecord.How.RSVP_FORM)
        _seat_or_waitlist(talk, rsvp, now, _current(facts, built_from, talk))
    return rsvp


def rsvp_cancel(*, rsvp: Rsvp, now: datetime | None = None, notify: bool = True) -> Rsvp:
    """Cancel an RSVP or leave the waitlist; a freed seat goes to the next in line.

    `notify=False` skips the person's own confirmation (they are deleting their data).
    """
    now = now or timezone.now()
    built_from = rsvp.talk
    facts = talk_facts(built_from) if notify else None
    with locked_talk(rsvp.talk_id) as talk:
        rsvp = Rsvp.objects.select_related("talk").get(pk=rsvp.pk)
        if rsvp.status not in ACTIVE:
            return rsvp
        if now >= talk.start:
            raise RsvpNotPossible(
                _("This talk has already started, so RSVPs can no longer be cancelled.")
            )
        freed_seat = rsvp.status == Rsvp.Status.CONFIRMED
        rsvp.status, rsvp.cancelled_at = Rsvp.Status.CANCELLED, now
        rsvp.save(update_fields=["status", "cancelled_at"])
        talk_seats_recount(talk=talk)
        if notify:
            emails.send_rsvp_cancelled(rsvp, _current(facts, built_from, talk))
        else:
            emails.cancel_reminders(rsvp)
        if freed_seat:
            waitlist_promote(talk, now)
    return rsvp


def _check_party_change(talk: Talk, rsvp: Rsvp, party_size: int, now: datetime) -> None:
    """Why a party cannot take its new size, raised; seats are counted by the caller."""
    if rsvp.status not in RESIZABLE:
        raise RsvpNotPossible(_("Only a confirmed or waitlisted RSVP can change its size."))
    if talk.status != Talk.Status.PUBLISHED or now >= talk.start:
        raise RsvpNotPossible(_("This talk has started or is over, so RSVPs can no longer change."))
    _check_party(talk, party_size)
    growing = party_size > rsvp.party_size
    if growing and rsvp.status == Rsvp.Status.CONFIRMED:
        _check_open(talk, now)  # more seats are new seats: only while RSVPs are open
        if not _fits(talk, party_size - rsvp.party_size):
            raise RsvpNotPossible(
                _("There are not enough free seats for more people, so your RSVP is unchanged.")
            )


def rsvp_party_change(*, rsvp: Rsvp, party_size: int, now: datetime | None = None) -> Rsvp:
    """Change how many people an RSVP is for (the person and their companions).

    Under the talk's lock, as an RSVP is. A seated party grows only into seats that are
    free with nobody waiting for them (the rule a new RSVP meets, as on Meetup and Luma);
    if they are not, it keeps its seats and its size. Shrinking frees seats, which go to
    the waitlist. A waiting party may change its size either way and keeps its place in
    line; if it now fits, it is seated. Up to 1 + the talk's companions, before it starts.
    The person gets the RSVP as it now is by email (or the seat, if it came with this).
    """
    now = now or timezone.now()
    built_from = rsvp.talk
    facts = talk_facts(built_from)
    with locked_talk(rsvp.talk_id) as talk:
        rsvp = Rsvp.objects.select_related("talk").get(pk=rsvp.pk)
        if party_size == rsvp.party_size:
            return rsvp
        _check_party_change(talk, rsvp, party_size, now)
        rsvp.party_size = party_size
        rsvp.save(update_fields=["party_size"])
        talk_seats_recount(talk=talk)
        if rsvp.pk in {seated.pk for seated in waitlist_promote(talk, now)}:
            rsvp.refresh_from_db()
            return rsvp  # its "a seat opened up" email says all
        position = waitlist_position(rsvp) if rsvp.status == Rsvp.Status.WAITLISTED else None
        emails.send_rsvp_party_changed(rsvp, position, _current(facts, built_from, talk), now)
    return rsvp


def talk_seats_recount(*, talk: Talk) -> None:
    """Bring the talk's seat and waitlist counters in line with its RSVPs and walk-ins.

    Call it under the talk's lock after anything that changes who holds a seat or waits
    (walk-ins take seats too): the counters are what every page shows, so no page counts
    RSVPs. Seat decisions still count the rows themselves (`seats_free`), under the same
    lock.
    """
    counts = seat_counts(talk)
    if counts != (talk.seats_taken, talk.waitlist_count):
        Talk.objects.filter(pk=talk.pk).update(seats_taken=counts[0], waitlist_count=counts[1])
        talk.seats_taken, talk.waitlist_count = counts
        page_versions_raise(SEATS, seats_of(talk.slug))


def _counted() -> dict:
    """Each talk's seats taken (by RSVPs and walk-ins) and parties waiting, as expressions."""
    rsvps = Rsvp.objects.filter(talk=OuterRef("pk")).order_by().values("talk")
    seats = rsvps.filter(holds_seat()).annotate(total=Sum("party_size"))
    waiting = rsvps.filter(status=Rsvp.Status.WAITLISTED).annotate(total=Count("pk"))
    walk_ins = (
        WalkIn.objects.filter(talk=OuterRef("pk"))
        .order_by()
        .values("talk")
        .annotate(total=Sum("people"))
    )
    return {
        "seats_taken": Coalesce(Subquery(seats.values("total")), 0)
        + Coalesce(Subquery(walk_ins.values("total")), 0),
        "waitlist_count": Coalesce(Subquery(waiting.values("total")), 0),
    }


def talks_seats_recount(talks) -> int:
    """Recount the counters of many talks in one statement (demo data); returns how many
    talks it looked at. Outside the lock: only for rows nothing else changes."""
    recounted = talks.update(**_counted())
    page_versions_raise(SEATS, SCHEDULE)  # every page: each talk's own seats version too
    return recounted


def talks_seats_repair(*, now: datetime | None = None) -> int:
    """Recount, each under its lock, the talks still to end whose counters disagree with
    their RSVPs: something wrote RSVPs past the services (a hand-made fix in the
    database, a delete that cascaded). Beat runs it before seating waiting parties."""
    now = now or timezone.now()
    counted = {f"counted_{name}": expression for name, expression in _counted().items()}
    drifting = (
        Talk.objects.filter(end__gt=now)
        .annotate(**counted)
        .filter(
            ~Q(seats_taken=F("counted_seats_taken"))
            | ~Q(waitlist_count=F("counted_waitlist_count"))
        )
    )
    ids = list(drifting.values_list("pk", flat=True))
    for talk_id in ids:
        with locked_talk(talk_id) as talk:
            talk_seats_recount(talk=talk)
    return len(ids)


def rsvps_expire_unconfirmed(*, now: datetime | None = None) -> int:
    """Expire guest RSVPs whose address was not confirmed in time (they held nothing)."""
    now = now or timezone.now()
    cutoff = now - settings.EVENTS_CONFIRM_WITHIN
    return Rsvp.objects.filter(status=Rsvp.Status.PENDING, created_at__lte=cutoff).update(
        status=Rsvp.Status.EXPIRED
    )


def waitlists_fill(*, now: datetime | None = None) -> int:
    """Seat waiting parties wherever seats are free: after a capacity or data change that
    freed seats without a promotion (the migration that stopped unconfirmed guests holding
    seats, say). Beat runs it with the expiry; it does nothing where nobody waits."""
    now = now or timezone.now()
    waiting = Talk.objects.published().filter(start__gt=now, rsvps__status=Rsvp.Status.WAITLISTED)
    promoted = 0
    for talk_id in set(waiting.values_list("pk", flat=True)):
        with locked_talk(talk_id) as talk:
            promoted += len(waitlist_promote(talk, now))
    return promoted


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
