"""Reads of talks and RSVPs, named for what they return."""

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

    def upcoming(self, now):
        return self.listed().filter(end__gt=now).order_by("start", "pk")

    def past(self, now):
        return self.listed().filter(end__lte=now).order_by("-start", "-pk")

    def for_listing(self):
        """What a talk's card shows, in one query; its topics are prefetched by the page
        once it knows it must render. Seats come from the talk's own counters."""
        return self.select_related("venue", "series")


class RsvpQuerySet(models.QuerySet):
    def holding_seats(self):
        return self.filter(holds_seat())

    def seats_taken(self) -> int:
        return self.holding_seats().aggregate(seats=Coalesce(Sum("party_size"), 0))["seats"]

    def counts(self) -> tuple[int, int]:
        """(seats taken, parties waiting): what a talk's counters should say."""
        totals = self.aggregate(
            seats=Coalesce(Sum("party_size", filter=holds_seat()), 0),
            waiting=Count("pk", filter=Q(status=WAITLISTED)),
        )
        return totals["seats"], totals["waiting"]

    def waitlist(self):
        return self.filter(status=WAITLISTED).order_by("waitlisted_at", "pk")

    def attending(self):
        return self.filter(status=CONFIRMED)
