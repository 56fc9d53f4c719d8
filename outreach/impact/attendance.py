"""Who came: talks held, RSVPs, people checked in, no-shows and waitlist demand, month by
month, in three aggregate queries (talks, RSVPs, walk-ins) whatever the data's size.

People, not RSVPs: a party counts its companions. Walk-ins count as checked in and are
also shown apart. The no-show rate counts only talks where check-in was used (at least
one RSVP was checked in at the door): at a talk nobody checked anyone in, every
confirmed person would look absent.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import Coalesce, TruncMonth

from events.models import Rsvp, WalkIn
from outreach.impact.scope import ImpactScope

CONFIRMED = Q(status=Rsvp.Status.CONFIRMED)
CHECKED_IN = CONFIRMED & Q(checked_in_at__isnull=False)
# Waitlisted and never confirmed (promotion confirms): still waiting when the talk
# ended, or gave up their place in the line.
NEVER_SEATED = Q(waitlisted_at__isnull=False, confirmed_at__isnull=True)


@dataclass
class Attendance:
    """The figures of one month, or of the whole scope (the months' sums)."""

    month: date | None = None
    talks: int = 0
    talks_with_check_in: int = 0
    rsvps: int = 0  # confirmed RSVPs: parties, and the feedback links they are sent
    people_confirmed: int = 0
    people_checked_in: int = 0  # confirmed people checked in, and walk-ins
    walk_ins: int = 0
    people_expected_at_check_in: int = 0  # confirmed people, at talks that used check-in
    rsvp_people_checked_in: int = 0
    never_seated: int = 0  # people, waitlisted and never given a seat

    @property
    def no_shows(self) -> int:
        return self.people_expected_at_check_in - self.rsvp_people_checked_in

    @property
    def no_show_rate(self) -> float | None:
        """Confirmed people not checked in ÷ confirmed people, at talks that used check-in."""
        if not self.people_expected_at_check_in:
            return None
        return self.no_shows / self.people_expected_at_check_in

    def add(self, other: "Attendance") -> None:
        for name in COUNTED:
            setattr(self, name, getattr(self, name) + getattr(other, name))


COUNTED = [name for name in Attendance.__dataclass_fields__ if name != "month"]


@dataclass(frozen=True)
class AttendanceReport:
    total: Attendance
    months: list[Attendance] = field(default_factory=list)


def _talks_by_month(scope: ImpactScope):
    checked_in = Rsvp.objects.filter(CHECKED_IN, talk=OuterRef("pk"))
    return (
        scope.talks.annotate(month=TruncMonth("start"))
        .values("month")
        .annotate(talks=Count("pk"), talks_with_check_in=Count("pk", filter=Exists(checked_in)))
    )


def _rsvps_by_month(scope: ImpactScope):
    at_check_in = Rsvp.objects.filter(CHECKED_IN, talk=OuterRef("talk"))
    people = "party_size"
    return (
        Rsvp.objects.filter(talk__in=scope.talks.values("pk"))
        .annotate(month=TruncMonth("talk__start"))
        .values("month")
        .annotate(
            rsvps=Count("pk", filter=CONFIRMED),
            people_confirmed=Coalesce(Sum(people, filter=CONFIRMED), 0),
            rsvp_people_checked_in=Coalesce(Sum(people, filter=CHECKED_IN), 0),
            people_expected_at_check_in=Coalesce(
                Sum(people, filter=CONFIRMED & Q(Exists(at_check_in))), 0
            ),
            never_seated=Coalesce(Sum(people, filter=NEVER_SEATED), 0),
        )
    )


def _walk_ins_by_month(scope: ImpactScope):
    return (
        WalkIn.objects.filter(talk__in=scope.talks.values("pk"))
        .annotate(month=TruncMonth("talk__start"))
        .values("month")
        .annotate(walk_ins=Sum("people"))
    )


def attendance_report(scope: ImpactScope) -> AttendanceReport:
    """Each month's figures (oldest first, months with a talk held) and their sums."""
    months: dict = {}
    for rows in (_talks_by_month(scope), _rsvps_by_month(scope), _walk_ins_by_month(scope)):
        for row in rows.order_by():
            month = row.pop("month").date()
            figures = months.setdefault(month, Attendance(month=month))
            for name, value in row.items():
                setattr(figures, name, value)
    total = Attendance()
    for figures in months.values():
        figures.people_checked_in = figures.rsvp_people_checked_in + figures.walk_ins
        total.add(figures)
    return AttendanceReport(total=total, months=[months[key] for key in sorted(months)])
