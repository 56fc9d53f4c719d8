"""People let in at the door without an RSVP. They take seats, so each change runs under
the talk's lock (events/locking.py) and brings the talk's seat counter along with it."""

from datetime import datetime

from django.utils import timezone

from events.locking import locked_talk
from events.models import Talk, WalkIn
from events.services.rsvps import talk_seats_recount, waitlist_promote


def walk_in_add(
    *, talk: Talk, people: int, by, name: str = "", now: datetime | None = None
) -> WalkIn:
    """Let `people` in at the door (a count, or one named person and their companions).
    Past the capacity too: the coordinator at the door decides who fits in the room."""
    if people < 1:
        raise ValueError("A walk-in is at least one person.")
    with locked_talk(talk.pk) as locked:
        walk_in = WalkIn.objects.create(
            talk=locked, people=people, name=name, by=by, at=now or timezone.now()
        )
        talk_seats_recount(talk=locked)
    return walk_in


def walk_in_remove(*, walk_in: WalkIn, now: datetime | None = None) -> None:
    """Take back a walk-in added by mistake; seats it freed go to the waitlist (before the
    talk starts: `waitlist_promote` seats nobody after)."""
    with locked_talk(walk_in.talk_id) as locked:
        WalkIn.objects.filter(pk=walk_in.pk).delete()
        talk_seats_recount(talk=locked)
        waitlist_promote(locked, now or timezone.now())
