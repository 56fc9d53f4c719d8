"""Which talks a dashboard's figures are about: the filters, and the talks they select."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from events.models import Talk

IN_PERSON = "in_person"
ONLINE = "online"


@dataclass(frozen=True)
class ImpactFilters:
    """What a coordinator narrowed the dashboard to; None (or "") is "any"."""

    since: date | None = None
    until: date | None = None  # inclusive
    topic_id: int | None = None
    series_id: int | None = None
    venue_id: int | None = None
    partner_id: int | None = None
    format: str = ""  # IN_PERSON, ONLINE or "": a talk that is both counts as either

    def query(self) -> dict:
        """The filters as GET parameters (for the CSV link of the same figures)."""
        values = {
            "since": self.since.isoformat() if self.since else "",
            "until": self.until.isoformat() if self.until else "",
            "topic": self.topic_id or "",
            "series": self.series_id or "",
            "venue": self.venue_id or "",
            "partner": self.partner_id or "",
            "format": self.format,
        }
        return {key: value for key, value in values.items() if value}


@dataclass(frozen=True)
class ImpactScope:
    """The filters, the moment "held" is measured at, and the talks held that they select
    (a lazy queryset: every figure uses it as a subquery, so no talk is loaded)."""

    filters: ImpactFilters
    now: datetime
    talks: QuerySet

    def starts_from(self) -> datetime | None:
        return _local_midnight(self.filters.since) if self.filters.since else None

    def starts_before(self) -> datetime | None:
        until = self.filters.until
        return _local_midnight(until + timedelta(days=1)) if until else None


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def talks_held(filters: ImpactFilters, *, now: datetime, partner_talks) -> QuerySet:
    """Published talks that have ended by `now`, started within the dates (in the site's
    zone), of the topic, series, venue and format asked; `partner_talks(talks, partner_id)`
    narrows them to a partner's (outreach.impact.sources.talks_with_partner)."""
    talks = Talk.objects.published().filter(end__lte=now)
    if filters.since:
        talks = talks.filter(start__gte=_local_midnight(filters.since))
    if filters.until:
        talks = talks.filter(start__lt=_local_midnight(filters.until + timedelta(days=1)))
    if filters.topic_id:
        talks = talks.filter(topics__id=filters.topic_id)
    if filters.series_id:
        talks = talks.filter(series_id=filters.series_id)
    if filters.venue_id:
        talks = talks.filter(venue_id=filters.venue_id)
    if filters.format == IN_PERSON:
        talks = talks.exclude(venue=None)
    elif filters.format == ONLINE:
        talks = talks.exclude(online_url="")
    if filters.partner_id:
        talks = partner_talks(talks, partner_id=filters.partner_id)
    return talks.order_by()


def impact_scope(filters: ImpactFilters, *, now: datetime, partner_talks) -> ImpactScope:
    return ImpactScope(
        filters=filters, now=now, talks=talks_held(filters, now=now, partner_talks=partner_talks)
    )
