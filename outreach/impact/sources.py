"""The dashboard's figures from outreach's own records, one function each, every one
taking the dashboard's scope (outreach.impact.scope.ImpactScope: its `filters`, its
`now`, and `talks`, the talks held that the filters select, as a lazy queryset).

A function whose records do not exist yet returns None, and the dashboard shows "not
available yet" in its place; wiring one is filling in its body. What each returns is
said in its docstring. Announcement subscribers are wired (outreach.models.Subscriber).
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from outreach.impact.feedback import FeedbackTotals
from outreach.impact.scope import IN_PERSON, ONLINE, ImpactScope
from outreach.models import Subscriber


@dataclass(frozen=True)
class RequestFigures:
    """Talk requests received in the dates, and how many of them were scheduled (a talk
    was made of them) or declined."""

    received: int
    scheduled: int
    declined: int


@dataclass(frozen=True)
class SubscriberFigures:
    """Subscribers receiving announcements now, and how many of them confirmed within the
    dates; both only those who would hear of talks of the topic and format asked."""

    receiving: int
    confirmed_in_dates: int


def talk_request_figures(scope: ImpactScope) -> RequestFigures | None:
    """Not wired yet: talk requests are not recorded on this branch.

    Wired, it returns RequestFigures counted in one aggregate query over the requests
    received within `scope.starts_from()` .. `scope.starts_before()` (either may be None)
    and, when `scope.filters.topic_id` / `.format` are set, of that topic and format."""
    return None


def feedback_totals(scope: ImpactScope) -> FeedbackTotals | None:
    """Not wired yet: feedback is not recorded on this branch.

    Wired, it returns FeedbackTotals of the responses to the talks `scope.talks`: their
    number, the mean clarity and usefulness (Avg), and for each attitude item (ordered as
    the form asks them) an AttitudeTotals of the responses that answered it, with the
    mean before and now. Two aggregate queries at most (the totals, the items grouped by
    item), whatever the number of responses. It returns raw numbers: the "fewer than 5"
    rule is applied after it (outreach.impact.feedback.feedback_figures)."""
    return None


def partner_choices() -> list[tuple[int, str]]:
    """Not wired yet: partners are not recorded on this branch.

    Wired, it returns the partners a coordinator can filter by, as (pk, name), by name;
    while it returns [], the partner filter is shown disabled."""
    return []


def talks_with_partner(talks: QuerySet, *, partner_id: int) -> QuerySet:
    """Not wired yet: only reached when partner_choices() offers a partner.

    Wired, it returns `talks` narrowed to those co-hosted by partner `partner_id`, as a
    filter on the queryset (say `talks.filter(partners__id=partner_id)`), never a list."""
    return talks


def subscriber_figures(scope: ImpactScope) -> SubscriberFigures:
    """Subscribers are people who asked for announcements, not talks: the series, venue
    and partner filters do not apply to them."""
    filters = scope.filters
    subscribers = Subscriber.objects.receiving()
    if filters.topic_id:
        chose = Subscriber.topics.through.objects.filter(
            subscriber=OuterRef("pk"), topic_id=filters.topic_id
        )
        subscribers = subscribers.filter(Q(all_topics=True) | Exists(chose))
    if filters.format in (IN_PERSON, ONLINE):
        subscribers = subscribers.filter(scope__in=[Subscriber.Scope.BOTH, filters.format])
    in_dates = Q()
    if scope.starts_from():
        in_dates &= Q(confirmed_at__gte=scope.starts_from())
    if scope.starts_before():
        in_dates &= Q(confirmed_at__lt=scope.starts_before())
    counts = subscribers.aggregate(
        receiving=Count("pk"), confirmed_in_dates=Count("pk", filter=in_dates)
    )
    return SubscriberFigures(**counts)
