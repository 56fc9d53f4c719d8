"""Reads of talks and RSVPs that more than one place needs, named for what they return."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from events import hooks
from events.hooks import CoHost, TalkLink
from events.models import MessageAudience, Rsvp, Speaker, Talk, TalkChange, WalkIn
from notifications.addresses import normalise_email


def walk_in_people(talk: Talk):
    """How many people walked in, as an expression: one query counts them with the RSVPs."""
    people = WalkIn.objects.filter(talk=talk).order_by().values("talk").annotate(n=Sum("people"))
    return Coalesce(Subquery(people.values("n")), 0)


def seats_held(talk: Talk) -> int:
    """Seats held by confirmed parties and by walk-ins. Count them under the talk's lock."""
    held = Coalesce(Sum("party_size"), 0) + walk_in_people(talk)
    return talk.rsvps.holding_seats().aggregate(seats=held)["seats"]


def seat_counts(talk: Talk) -> tuple[int, int]:
    """(seats held, parties waiting): what the talk's counters should say, in one query."""
    return talk.rsvps.counts(also_seated=walk_in_people(talk))


def seats_free(talk: Talk) -> int | None:
    """Seats nobody holds (None: unlimited). Count them under the talk's lock."""
    if talk.capacity is None:
        return None
    return max(talk.capacity - seats_held(talk), 0)


@dataclass(frozen=True)
class DoorCounts:
    """People, not RSVPs: each party counts its companions, and walk-ins count as in."""

    checked_in: int
    expected: int
    walk_ins: int


def door_counts(talk: Talk) -> DoorCounts:
    """What the check-in page counts, in two reads bounded by the talk's own rows."""
    expected, checked_in = talk.rsvps.door_counts()
    walk_ins = talk.walk_ins.people()
    return DoorCounts(
        checked_in=checked_in + walk_ins, expected=expected + walk_ins, walk_ins=walk_ins
    )


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


def waitlist_position(rsvp: Rsvp) -> int:
    """1 for the next party to be seated."""
    waitlist = rsvp.talk.rsvps.waitlist()
    ahead = waitlist.filter(waitlisted_at__lt=rsvp.waitlisted_at).count()
    same_moment = waitlist.filter(waitlisted_at=rsvp.waitlisted_at, pk__lt=rsvp.pk).count()
    return ahead + same_moment + 1


# Which coordinator messages reached an RSVP in each state.
AUDIENCES_REACHING = {
    Rsvp.Status.CONFIRMED: [MessageAudience.CONFIRMED, MessageAudience.BOTH],
    Rsvp.Status.WAITLISTED: [MessageAudience.WAITLISTED, MessageAudience.BOTH],
}


def coordinator_messages_for(rsvp: Rsvp):
    """The coordinators' messages to the people of this RSVP's talk that reached people in
    its state, newest first: shown on the person's RSVP page, where a discreet email
    sends them to read it."""
    audiences = AUDIENCES_REACHING.get(rsvp.status, [])
    return TalkChange.objects.filter(
        talk_id=rsvp.talk_id,
        action=TalkChange.Action.MESSAGE,
        details__audience__in=audiences,
        details__has_key="body",
    ).order_by("-at", "-pk")


def rsvp_of_address(talk: Talk, email: str) -> Rsvp | None:
    return talk.rsvps.filter(email=normalise_email(email)).first()


@dataclass(frozen=True)
class PersonRsvps:
    upcoming: list[Rsvp]
    past: list[Rsvp]


def _rsvps_of_person(email: str):
    return (
        Rsvp.objects.filter(email=normalise_email(email))
        .exclude(status=Rsvp.Status.EXPIRED)
        .select_related("talk__venue")
    )


def rsvps_upcoming_of_person(email: str, now: datetime):
    """A person's RSVPs for talks still to come (or under way), soonest first."""
    return _rsvps_of_person(email).filter(talk__end__gt=now).order_by("talk__start", "talk__pk")


def rsvps_of_person(email: str, now: datetime) -> PersonRsvps:
    """A person's RSVPs: talks to come soonest first, then past talks latest first."""
    past = _rsvps_of_person(email).filter(talk__end__lte=now)
    return PersonRsvps(
        upcoming=list(rsvps_upcoming_of_person(email, now)),
        past=list(past.order_by("-talk__start", "-talk__pk")),
    )


def talks_for_dashboard(now: datetime):
    """(upcoming, past) talks of every state, for coordinators (seats and waitlist from the
    talks' counters)."""
    talks = Talk.objects.select_related("venue")
    upcoming = talks.filter(end__gt=now).order_by("start", "pk")
    past = talks.filter(end__lte=now).order_by("-start", "-pk")
    return upcoming, past


def speaker_listed(pk: int) -> Speaker | None:
    """A speaker the public may see: one with a published (or cancelled) talk. A speaker
    lined up only for drafts is not announced yet."""
    talks = Talk.objects.listed().filter(speakers=OuterRef("pk"))
    return Speaker.objects.filter(Exists(talks), pk=pk).first()


def cohosts_of_talks(talk_ids) -> dict[int, list[CoHost]]:
    """Who co-hosts each of these talks (events/hooks.py), `{talk_pk: [CoHost, ...]}`;
    a talk nobody co-hosts is left out. `talk_ids`: a list of pks or a pk queryset."""
    found: dict[int, list[CoHost]] = {}
    for _receiver, answer in hooks.talk_cohosts.send(sender=Talk, talk_ids=talk_ids):
        for talk_id, cohosts in answer.items():
            found.setdefault(talk_id, []).extend(cohosts)
    return found


def coordinator_links_of_talk(talk: Talk) -> list[TalkLink]:
    """Links to the pages other apps keep about this talk, for its coordinator page."""
    answers = hooks.coordinator_talk_links.send(sender=Talk, talk=talk)
    return [link for _receiver, links in answers for link in links]
