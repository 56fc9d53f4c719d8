"""k-anonymity: no feedback figure is shown, charted or exported for fewer than 5
responses, through one rule (outreach.impact.anonymity.k_anonymous), whatever the
filters. Feedback is not recorded on this branch: a plain provider states its counts
per talk, summed over the talks the dashboard's filters select (as the wired
outreach.impact.sources.feedback_totals will count them in the database)."""

from dataclasses import dataclass, fields

import pytest

from outreach.impact.anonymity import WITHHELD, k_anonymous
from outreach.impact.feedback import (
    AttitudeFigures,
    AttitudeTotals,
    FeedbackFigures,
    FeedbackTotals,
    feedback_figures,
)
from outreach.impact.report import ImpactSources
from outreach.views.impact import impact_csv_response, impact_page
from tests.factories import CoordinatorFactory
from tests.outreach.impact_data import attendance_seed
from tests.outreach.impact_pages import csv_values, figures

RECOMMEND, DOCTOR = "Recommending it to someone I care about", "Asking my doctor about it"


@dataclass(frozen=True)
class TalkFeedback:
    responses: int
    clarity: float
    usefulness: float
    items: dict  # wording: (answers, mean before, mean now)


@dataclass(frozen=True)
class PlainFeedback:
    """Feedback per talk (by pk), added up over the talks the scope selects."""

    per_talk: dict

    def __call__(self, scope) -> FeedbackTotals:
        chosen = [self.per_talk[pk] for pk in scope.talks.values_list("pk", flat=True)]
        chosen = [talk for talk in chosen if talk]
        responses = sum(talk.responses for talk in chosen)
        items = []
        for item in (RECOMMEND, DOCTOR):
            answered = [talk.items[item] for talk in chosen if item in talk.items]
            count = sum(n for n, _before, _now in answered)
            if count:
                items.append(
                    AttitudeTotals(
                        item=item,
                        responses=count,
                        mean_before=sum(n * before for n, before, _now in answered) / count,
                        mean_now=sum(n * now for n, _before, now in answered) / count,
                    )
                )
        return FeedbackTotals(
            responses=responses,
            mean_clarity=_mean(chosen, "clarity") if responses else None,
            mean_usefulness=_mean(chosen, "usefulness") if responses else None,
            items=tuple(items),
        )


def _mean(talks, name: str) -> float:
    return sum(t.responses * getattr(t, name) for t in talks) / sum(t.responses for t in talks)


def plain_feedback(seeded) -> ImpactSources:
    """A: 1 response, B: 1, C: 4. Topic "First" (A and C) has 5; with "online" (C), 4."""
    return ImpactSources(
        feedback=PlainFeedback(
            {
                seeded.a.pk: TalkFeedback(1, 5.0, 4.0, {RECOMMEND: (1, 2.0, 4.0)}),
                seeded.b.pk: TalkFeedback(1, 3.0, 3.0, {}),
                seeded.c.pk: TalkFeedback(
                    4, 4.0, 3.0, {RECOMMEND: (4, 2.5, 3.5), DOCTOR: (4, 3, 4)}
                ),
            }
            | {pk: None for pk in range(seeded.c.pk + 1, seeded.c.pk + 4)}  # talks not held
        )
    )


def every_figure(figures: FeedbackFigures) -> list:
    top = [getattr(figures, f.name) for f in fields(figures) if f.name != "items"]
    return top + [
        getattr(item, f.name) for item in figures.items for f in fields(item) if f.name != "item"
    ]


@pytest.mark.parametrize(("responses", "shown"), [(0, False), (4, False), (5, True), (6, True)])
def test_k_anonymous_withholds_a_figure_of_fewer_than_five_responses(responses, shown):
    assert k_anonymous(3.5, responses=responses) == (3.5 if shown else WITHHELD)
    assert str(WITHHELD) == "fewer than 5 responses"


def test_feedback_of_four_responses_is_withheld_figure_by_figure():
    totals = FeedbackTotals(4, 4.5, 4.0, (AttitudeTotals(RECOMMEND, 4, 2.0, 4.0),))

    withheld = feedback_figures(totals, links_sent=10)

    assert every_figure(withheld) == [WITHHELD] * 8


def test_feedback_of_five_responses_is_shown_exactly():
    totals = FeedbackTotals(5, 4.2, 3.2, (AttitudeTotals(RECOMMEND, 5, 2.0, 4.5),))

    shown = feedback_figures(totals, links_sent=10)

    assert shown == FeedbackFigures(
        responses=5,
        response_rate=0.5,
        mean_clarity=4.2,
        mean_usefulness=3.2,
        items=(AttitudeFigures(RECOMMEND, 5, 2.0, 4.5, 2.5),),
    )


def test_an_item_of_four_answers_is_withheld_though_the_responses_are_enough():
    totals = FeedbackTotals(9, 4.0, 4.0, (AttitudeTotals(DOCTOR, 4, 2.0, 3.0),))

    figures = feedback_figures(totals, links_sent=9)

    assert figures.responses == 9
    assert figures.items == (AttitudeFigures(DOCTOR, WITHHELD, WITHHELD, WITHHELD, WITHHELD),)


def as_coordinator(rf, query: str):
    request = rf.get(f"/coordinate/impact/?{query}")
    request.user = CoordinatorFactory()
    return request


@pytest.mark.django_db
def test_a_topic_of_five_responses_shows_its_feedback_on_the_page_and_in_the_csv(rf, frozen):
    seeded = attendance_seed()
    query = f"topic={seeded.first.pk}"

    page = impact_page(as_coordinator(rf, query), using=plain_feedback(seeded)).content.decode()
    exported = impact_csv_response(as_coordinator(rf, query), using=plain_feedback(seeded))

    assert figures(page, "Feedback") == {
        "Responses": "5",
        "Response rate": "71.4 %",  # 5 of the 7 confirmed RSVPs of A and C
        "Mean clarity (1-5)": "4.2",
        "Mean usefulness (1-5)": "3.2",
    }
    assert '<th scope="row">Recommending it to someone I care about</th>' in page
    assert "+1.2" in page
    assert 'aria-labelledby="attitudes-title attitudes-desc"' in page
    assert csv_values(exported, "Feedback") == {
        "Responses": "5",
        "Response rate": "0.7143",
        "Mean clarity": "4.2",
        "Mean usefulness": "3.2",
    }
    assert csv_values(exported, RECOMMEND) == {
        "Responses": "5",
        "Mean before": "2.4",
        "Mean now": "3.6",
        "Mean shift": "1.2",
    }
    assert set(csv_values(exported, DOCTOR).values()) == {"fewer than 5 responses"}


@pytest.mark.django_db
def test_a_filter_combination_of_four_responses_is_withheld_everywhere(rf, frozen):
    seeded = attendance_seed()
    query = f"topic={seeded.first.pk}&format=online"  # talk C alone: 4 responses

    page = impact_page(as_coordinator(rf, query), using=plain_feedback(seeded)).content.decode()
    exported = impact_csv_response(as_coordinator(rf, query), using=plain_feedback(seeded))

    assert set(figures(page, "Feedback").values()) == {"fewer than 5 responses"}
    assert "attitudes-title" not in page  # no chart of the items
    feedback_section = page.split(">Feedback</h2>", 1)[1]
    assert "3.5" not in feedback_section
    assert "4.0" not in feedback_section
    assert set(csv_values(exported, "Feedback").values()) == {"fewer than 5 responses"}
    assert set(csv_values(exported, RECOMMEND).values()) == {"fewer than 5 responses"}
    assert figures(page, "Attendance")["Talks held"] == "1"  # attendance is not feedback
