"""Everything the dashboard and its CSV show, gathered in one object from the scope."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from outreach.impact import sources
from outreach.impact.anonymity import Withheld
from outreach.impact.attendance import AttendanceReport, attendance_report
from outreach.impact.charts import BarChart, bar_chart
from outreach.impact.feedback import FeedbackFigures, feedback_figures
from outreach.impact.scope import ImpactFilters, ImpactScope, impact_scope


@dataclass(frozen=True)
class ImpactSources:
    """Where the figures of outreach's records come from (outreach.impact.sources); a
    test gives plain functions of its own for records this branch does not have."""

    talk_requests: Callable = sources.talk_request_figures
    subscribers: Callable = sources.subscriber_figures
    feedback: Callable = sources.feedback_totals
    partner_talks: Callable = sources.talks_with_partner


@dataclass(frozen=True)
class ImpactReport:
    scope: ImpactScope
    attendance: AttendanceReport
    requests: sources.RequestFigures | None
    subscribers: sources.SubscriberFigures | None
    feedback: FeedbackFigures | None  # None: not available yet
    charts: list[BarChart] = field(default_factory=list)


def impact_report(
    *, filters: ImpactFilters, now: datetime, using: ImpactSources | None = None
) -> ImpactReport:
    using = using or ImpactSources()
    scope = impact_scope(filters, now=now, partner_talks=using.partner_talks)
    attendance = attendance_report(scope)
    totals = using.feedback(scope)
    feedback = (
        None if totals is None else feedback_figures(totals, links_sent=attendance.total.rsvps)
    )
    return ImpactReport(
        scope=scope,
        attendance=attendance,
        requests=using.talk_requests(scope),
        subscribers=using.subscribers(scope),
        feedback=feedback,
        charts=_charts(attendance, feedback),
    )


def _charts(attendance: AttendanceReport, feedback: FeedbackFigures | None) -> list[BarChart]:
    charts = []
    months = attendance.months
    if months:
        labels = [date_format(m.month, "M Y") for m in months]
        charts.append(
            bar_chart(
                key="talks-per-month",
                title=_("Talks held per month"),
                description=_("Bars: the number of talks held in each month."),
                category_label=_("Month"),
                categories=labels,
                series=[(_("Talks held"), [m.talks for m in months])],
            )
        )
        charts.append(
            bar_chart(
                key="people-per-month",
                title=_("People per month: confirmed and checked in"),
                description=_(
                    "Two bars a month: people with a confirmed seat (companions included), "
                    "and people checked in at the door (walk-ins included)."
                ),
                category_label=_("Month"),
                categories=labels,
                series=[
                    (_("Confirmed"), [m.people_confirmed for m in months]),
                    (_("Checked in"), [m.people_checked_in for m in months]),
                ],
            )
        )
    shown = [
        item
        for item in (feedback.items if feedback else ())
        if not isinstance(item.mean_before, Withheld)
        and item.mean_before is not None
        and item.mean_now is not None
    ]
    if shown:
        charts.append(
            bar_chart(
                key="attitudes",
                title=_("Attitudes before the talk and now"),
                description=_(
                    "Two bars an item: the mean answer (1 to 5) for before the talk, and "
                    "for now. Items with fewer than 5 responses are left out."
                ),
                category_label=_("Item"),
                categories=[f"{n}. {item.item}" for n, item in enumerate(shown, start=1)],
                ticks=[str(n) for n in range(1, len(shown) + 1)],
                series=[
                    (_("Before"), [round(item.mean_before, 1) for item in shown]),
                    (_("Now"), [round(item.mean_now, 1) for item in shown]),
                ],
            )
        )
    return charts
