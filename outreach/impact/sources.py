"""The dashboard's figures from outreach's own records, one function each, every one
taking the dashboard's scope (outreach.impact.scope.ImpactScope: its `filters`, its
`now`, and `talks`, the talks held that the filters select, as a lazy queryset).

Each is one or two aggregate queries, whatever the number of rows. What each returns
is said in its docstring; a function may return None, and the dashboard then shows "not
available yet" in its place.
"""

from dataclasses import dataclass

from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet

from outreach.impact.feedback import AttitudeTotals, FeedbackTotals
from outreach.impact.scope import IN_PERSON, ONLINE, ImpactScope
from outreach.models import FeedbackAnswer, FeedbackResponse, Partner, Subscriber, TalkRequest


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


def talk_request_figures(scope: ImpactScope) -> RequestFigures:
    """Talk requests received within the dates (`created_at`), of the topic and format
    asked, and how many of them were scheduled or declined: one aggregate query."""
    filters = scope.filters
    requests = TalkRequest.objects.all()
    if scope.starts_from():
        requests = requests.filter(created_at__gte=scope.starts_from())
    if scope.starts_before():
        requests = requests.filter(created_at__lt=scope.starts_before())
    if filters.topic_id:
        asked = TalkRequest.topics.through.objects.filter(
            talkrequest=OuterRef("pk"), topic_id=filters.topic_id
        )
        requests = requests.filter(Exists(asked))
    if filters.format in (IN_PERSON, ONLINE):
        requests = requests.filter(format=filters.format)
    counts = requests.aggregate(
        received=Count("pk"),
        scheduled=Count("pk", filter=Q(state=TalkRequest.State.SCHEDULED)),
        declined=Count("pk", filter=Q(state=TalkRequest.State.DECLINED)),
    )
    return RequestFigures(**counts)


def feedback_totals(scope: ImpactScope) -> FeedbackTotals:
    """The responses to the talks `scope.talks`: their number, the mean clarity and
    usefulness, and for each attitude item (in the form's order) the responses that
    answered it with the mean before and now. Two aggregate queries (the totals; the
    answers grouped by item). Raw numbers: the "fewer than 5" rule is applied after it
    (outreach.impact.feedback.feedback_figures)."""
    responses = FeedbackResponse.objects.filter(talk__in=scope.talks.values("pk"))
    totals = responses.aggregate(
        responses=Count("pk"), mean_clarity=Avg("clarity"), mean_usefulness=Avg("usefulness")
    )
    per_item = (
        FeedbackAnswer.objects.filter(response__in=responses.values("pk"))
        .values("item_id", "item__wording", "item__position")
        .annotate(responses=Count("response_id"), mean_before=Avg("before"), mean_now=Avg("now"))
        .order_by("item__position", "item_id")
    )
    items = tuple(
        AttitudeTotals(
            item=row["item__wording"],
            responses=row["responses"],
            mean_before=row["mean_before"],
            mean_now=row["mean_now"],
        )
        for row in per_item
    )
    return FeedbackTotals(**totals, items=items)


def partner_choices() -> list[tuple[int, str]]:
    """The partners a coordinator can filter by, as (pk, name), by name."""
    return list(Partner.objects.order_by("name").values_list("pk", "name"))


def talks_with_partner(talks: QuerySet, *, partner_id: int) -> QuerySet:
    """`talks` narrowed to those co-hosted by partner `partner_id` (a queryset still)."""
    return talks.filter(partners__id=partner_id)


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
