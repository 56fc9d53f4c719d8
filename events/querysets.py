"""Reads of talks and RSVPs, named for what they return."""

from django.db import models
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

CONFIRMED = "confirmed"
WAITLISTED = "waitlisted"


def holds_seat(prefix: str = "") -> Q:
    """RSVPs that count against capacity: confirmed ones only. A guest who has not yet
    confirmed their address holds nothing, so posting an address changes no public count."""
    return Q(**{f"{prefix}status": CONFIRMED})


class TalkQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status="published")

    def listed(self):
        """Talks the public may see: published, or cancelled after publication."""
        return self.filter(status__in=["published", "cancelled"])

    def upcoming(self, now):
        return self.listed().filter(end__gt=now).order_by("start", "pk")

    def past(self, now):
        return self.listed().filter(end__lte=now).order_by("-start", "-pk")

    def with_seats_taken(self):
        return self.annotate(
            seats_taken=Coalesce(Sum("rsvps__party_size", filter=holds_seat(prefix="rsvps__")), 0)
        )

    def with_attendance(self):
        """Confirmed seats and waitlist length, for the coordinators' overview."""
        return self.annotate(
            confirmed_seats=Coalesce(
                Sum("rsvps__party_size", filter=Q(rsvps__status=CONFIRMED)), 0
            ),
            waitlist_count=Count("rsvps", filter=Q(rsvps__status=WAITLISTED)),
        )

    def for_listing(self):
        return self.with_seats_taken().select_related("venue", "series").prefetch_related("topics")


class RsvpQuerySet(models.QuerySet):
    def holding_seats(self):
        return self.filter(holds_seat())

    def seats_taken(self) -> int:
        return self.holding_seats().aggregate(seats=Coalesce(Sum("party_size"), 0))["seats"]

    def waitlist(self):
        return self.filter(status=WAITLISTED).order_by("waitlisted_at", "pk")

    def attending(self):
        return self.filter(status=CONFIRMED)
