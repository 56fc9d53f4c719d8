"""Feedback totals (counted by outreach.impact.sources.feedback_totals) turned into the
figures the dashboard shows: every one made through `k_anonymous`, so none of a group of
fewer than five responses can reach the page, a chart or the CSV."""

from dataclasses import dataclass

from outreach.impact.anonymity import Withheld, k_anonymous


@dataclass(frozen=True)
class AttitudeTotals:
    """One attitude item's answers in the scope: its wording, how many responses answered
    it both "before this talk" and "now", and the two means (1-5) over those responses."""

    item: str
    responses: int
    mean_before: float | None
    mean_now: float | None


@dataclass(frozen=True)
class FeedbackTotals:
    """What the feedback in the scope adds up to, straight from the database."""

    responses: int
    mean_clarity: float | None  # 1-5, over the responses that rated it
    mean_usefulness: float | None
    items: tuple[AttitudeTotals, ...] = ()


Figure = float | int | Withheld | None


@dataclass(frozen=True)
class AttitudeFigures:
    item: str
    responses: Figure
    mean_before: Figure
    mean_now: Figure
    mean_shift: Figure


@dataclass(frozen=True)
class FeedbackFigures:
    responses: Figure
    response_rate: Figure  # responses ÷ feedback links sent (one per confirmed RSVP)
    mean_clarity: Figure
    mean_usefulness: Figure
    items: tuple[AttitudeFigures, ...]


def _shift(item: AttitudeTotals) -> float | None:
    if item.mean_before is None or item.mean_now is None:
        return None
    return item.mean_now - item.mean_before


def attitude_figures(item: AttitudeTotals) -> AttitudeFigures:
    shown = {"responses": item.responses}
    return AttitudeFigures(
        item=item.item,
        responses=k_anonymous(item.responses, **shown),
        mean_before=k_anonymous(item.mean_before, **shown),
        mean_now=k_anonymous(item.mean_now, **shown),
        mean_shift=k_anonymous(_shift(item), **shown),
    )


def feedback_figures(totals: FeedbackTotals, *, links_sent: int) -> FeedbackFigures:
    """The figures of `totals`; `links_sent` is the number of feedback links sent in the
    scope (its confirmed RSVPs), the response rate's denominator."""
    shown = {"responses": totals.responses}
    rate = totals.responses / links_sent if links_sent else None
    return FeedbackFigures(
        responses=k_anonymous(totals.responses, **shown),
        response_rate=k_anonymous(rate, **shown),
        mean_clarity=k_anonymous(totals.mean_clarity, **shown),
        mean_usefulness=k_anonymous(totals.mean_usefulness, **shown),
        items=tuple(attitude_figures(item) for item in totals.items),
    )
