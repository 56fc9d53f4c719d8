"""Reads of talks and RSVPs, named for what they return."""

from datetime import timedelta

from django.db import models
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

CONFIRMED = "confirmed"
WAITLISTED = "waitlisted"
# Talks the public may see (events.models.LISTED_STATUSES; models import this module).
LISTED_STATUSES = ("published", "cancelled")


def holds_seat(prefix: str = "") -> Q:
    """RSVPs that count against capacity: confirmed ones only. A guest who has not yet
    confirmed their address holds nothing, so posting an address changes no public count."""
    return Q(**{f"{prefix}status": CONFIRMED})


class TalkQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status="published")

    def listed(self):
        """Talks the public may see: published, or cancelled after publication."""
        return self.filter(status__in=LISTED_STATUSES)

    def upcoming(self, now, *, longest: timedelta | None = None):
        """Talks not yet over, soonest first. With `longest` (the longest listed talk's
        length) the scan of the start index begins where a talk still on could have
        started, instead of at the first talk ever held."""
        talks = self.listed().filter(end__gt=now)
        if longest is not None:
            talks = talks.filter(start__gt=now - longest)
        return talks.order_by("start", "pk")

    def past(self, now):
        """Talks that are over, latest first; `start` too, so that the start index serves
        it (a talk ends after it starts)."""
        return self.listed().filter(start__lt=now, end__lte=now).order_by("-start", "-pk")

    def for_listing(self):
        """What a talk's card shows, in one query; its topics are prefetched by the page
        once it knows it must render. Seats come from the talk's own counters."""
        return self.select_related("venue", "series")


class RsvpQuerySet(models.QuerySet):
    def holding_seats(self):
        return self.filter(holds_seat())

    def seats_taken(self) -> int:
        return self.holding_seats().aggregate(seats=Coalesce(Sum("party_size"), 0))["seats"]

    def counts(self, also_seated=0) -> tuple[int, int]:
        """(seats taken, parties waiting): what a talk's counters should say. `also_seated`
        adds an expression of seats held otherwise (events.selectors.seat_counts: walk-ins)."""
        totals = self.aggregate(
            seats=Coalesce(Sum("party_size", filter=holds_seat()), 0) + also_seated,
            waiting=Count("pk", filter=Q(status=WAITLISTED)),
        )
        return totals["seats"], totals["waiting"]

    def waitlist(self):
        return self.filter(status=WAITLISTED).order_by("waitlisted_at", "pk")

    def attending(self):
        return self.filter(status=CONFIRMED)

    def door_counts(self) -> tuple[int, int]:
        """(people expected, people checked in) of confirmed RSVPs: parties, not RSVPs."""
        totals = self.attending().aggregate(
            expected=Coalesce(Sum("party_size"), 0),
            checked_in=Coalesce(Sum("party_size", filter=Q(checked_in_at__isnull=False)), 0),
        )
        return totals["expected"], totals["checked_in"]


class WalkInQuerySet(models.QuerySet):
    def people(self) -> int:
        return self.aggregate(people=Coalesce(Sum("people"), 0))["people"]
