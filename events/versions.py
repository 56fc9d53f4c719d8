"""What a feed or a cached page needs to know whether anything it shows changed: the
schedule's version and the moment the latest talk left a list, in one indexed read.

Sound because every change that a page or feed shows raises the version in the same
transaction (events/services/schedule.py), and because the only other thing that moves
a list is time: a talk leaves the upcoming list when it ends, and a feed's 90-day window
when it ended 90 days ago. The latest such departure is an index read on `end`.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Subquery

from events.models import ScheduleVersion, Talk


@dataclass(frozen=True)
class ScheduleState:
    number: int
    changed_at: datetime | None
    # The `end` of the latest listed talk that ended by the boundary asked about.
    departed: datetime | None


def longest_listed_talk() -> timedelta | None:
    """How long the longest listed talk lasts (kept with the version): a talk still on
    started at most this long ago (TalkQuerySet.upcoming)."""
    the_row = ScheduleVersion.objects.filter(pk=ScheduleVersion.SINGLETON)
    return the_row.values_list("longest_talk", flat=True).first()


def next_talk_end(now: datetime) -> datetime | None:
    """When the next listed talk ends: the upcoming and past lists change then."""
    ends = Talk.objects.listed().filter(end__gt=now).order_by("end")
    return ends.values_list("end", flat=True).first()


def talk_next_change(talk: Talk, now: datetime) -> datetime | None:
    """When a talk's page next changes by itself: RSVPs open or close, the talk ends."""
    moments = [talk.rsvp_opens_at, talk.closes_at, talk.end]
    return min((moment for moment in moments if moment and moment > now), default=None)


def schedule_state(*, ended_by: datetime) -> ScheduleState:
    """The version, and the latest end of a listed talk at or before `ended_by`."""
    departures = Talk.objects.listed().filter(end__lte=ended_by).order_by("-end").values("end")
    row = (
        ScheduleVersion.objects.filter(pk=ScheduleVersion.SINGLETON)
        .annotate(departed=Subquery(departures[:1]))
        .values_list("number", "changed_at", "departed")
        .first()
    )
    if row is None:  # no version row (a database emptied by hand): nothing is cached then
        return ScheduleState(0, None, departures.values_list("end", flat=True).first())
    return ScheduleState(*row)
