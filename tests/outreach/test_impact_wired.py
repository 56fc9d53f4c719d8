"""The dashboard on real outreach records: talk requests, and anonymous feedback stored as
the feedback form stores it (talk, answers, day), with the exact figures on the page and
in the CSV and the "fewer than 5 responses" rule on every feedback figure, including
where a filter narrows the group."""

from datetime import timedelta

import pytest

from outreach.models import FeedbackAnswer, FeedbackItem, FeedbackResponse
from tests.factories import PartnerFactory, TalkRequestFactory
from tests.outreach.impact_data import at, attendance_seed
from tests.outreach.impact_pages import csv_values, figures

pytestmark = pytest.mark.django_db
PAGE, CSV = "/coordinate/impact/", "/coordinate/impact.csv"
WITHHELD = "fewer than 5 responses"


def responses_seed(seeded):
    """Six responses: two to each talk held (A and C are topic "First", B "Second").
    Everyone answers the first attitude item; only A's and B's the second one."""
    comfortable = FeedbackItem.objects.create(wording="Comfortable recommending it?", position=0)
    understand = FeedbackItem.objects.create(wording="Understand what it involves?", position=1)
    given = [  # talk, clarity, usefulness, (before, now) of the first item
        (seeded.a, 5, 4, (2, 4)),
        (seeded.a, 4, 4, (2, 4)),
        (seeded.b, 3, 4, (3, 4)),
        (seeded.b, 4, 5, (3, 5)),
        (seeded.c, 5, 4, (2, 4)),
        (seeded.c, 5, 4, (2, 3)),
    ]
    for talk, clarity, usefulness, (before, now) in given:
        response = FeedbackResponse.objects.create(
            talk=talk,
            clarity=clarity,
            usefulness=usefulness,
            answered_on=(talk.end + timedelta(days=1)).date(),
        )
        FeedbackAnswer.objects.create(response=response, item=comfortable, before=before, now=now)
        if talk != seeded.c:
            FeedbackAnswer.objects.create(response=response, item=understand, before=1, now=3)


def requests_seed(seeded):
    TalkRequestFactory(created_at=at(2, 1))
    TalkRequestFactory(created_at=at(2, 2), format="online", address="")
    TalkRequestFactory(created_at=at(2, 3), state="scheduled", talk=seeded.a, closed_at=at(2, 9))
    TalkRequestFactory(created_at=at(3, 1), state="declined", closed_at=at(3, 2))


def test_the_dashboard_and_its_csv_show_the_exact_feedback_figures(coordinator_client, frozen):
    seeded = attendance_seed()
    responses_seed(seeded)

    page = coordinator_client.get(PAGE).content.decode()
    csv = coordinator_client.get(CSV)

    # 6 responses to 9 confirmed RSVPs; clarity 26/6, usefulness 25/6.
    assert figures(page, "Feedback") == {
        "Responses": "6",
        "Response rate": "66.7 %",
        "Mean clarity (1-5)": "4.3",
        "Mean usefulness (1-5)": "4.2",
    }
    # The first item: before 14/6, now 24/6, a shift of 10/6; the second, 4 answers: none.
    assert '<th scope="row">Comfortable recommending it?</th>' in page
    assert csv_values(csv, "Feedback") == {
        "Responses": "6",
        "Response rate": "0.6667",
        "Mean clarity": "4.3333",
        "Mean usefulness": "4.1667",
    }
    assert csv_values(csv, "Comfortable recommending it?") == {
        "Responses": "6",
        "Mean before": "2.3333",
        "Mean now": "4",
        "Mean shift": "1.6667",
    }
    assert csv_values(csv, "Understand what it involves?") == {
        "Responses": WITHHELD,
        "Mean before": WITHHELD,
        "Mean now": WITHHELD,
        "Mean shift": WITHHELD,
    }
    assert page.count(WITHHELD) >= 4
    assert page.count("<svg") == 3  # the month charts and the one item with enough answers


@pytest.mark.parametrize(
    "query",
    [
        "topic={first}",  # A and C: 4 responses
        "topic={second}",  # B: 2
        "format=online",  # B and C: 4
        "topic={first}&format=in_person",  # A and C again, through two filters
        "partner={partner}",  # A only: 2
    ],
)
def test_a_filter_narrowing_feedback_to_fewer_than_5_responses_withholds_every_figure(
    coordinator_client, frozen, query
):
    seeded = attendance_seed()
    responses_seed(seeded)
    partner = PartnerFactory(cohosts=[seeded.a])
    query = query.format(first=seeded.first.pk, second=seeded.second.pk, partner=partner.pk)

    page = coordinator_client.get(f"{PAGE}?{query}").content.decode()
    csv = coordinator_client.get(f"{CSV}?{query}")

    assert set(figures(page, "Feedback").values()) == {WITHHELD}
    assert set(csv_values(csv, "Feedback").values()) == {WITHHELD}
    assert set(csv_values(csv, "Comfortable recommending it?").values()) == {WITHHELD}
    assert page.count("<svg") == 2  # the two month charts; no attitude chart is drawn


def test_the_dashboard_counts_talk_requests_and_filters_them_by_format_and_dates(
    coordinator_client, frozen
):
    seeded = attendance_seed()
    requests_seed(seeded)

    every = figures(coordinator_client.get(PAGE).content.decode(), "Requests and announcements")
    online = figures(
        coordinator_client.get(f"{PAGE}?format=online").content.decode(),
        "Requests and announcements",
    )
    march = figures(
        coordinator_client.get(f"{PAGE}?since=2026-03-01&until=2026-03-31").content.decode(),
        "Requests and announcements",
    )

    assert [every[f"Talk requests {what}"] for what in ("received", "scheduled", "declined")] == [
        "4",
        "1",
        "1",
    ]
    assert online["Talk requests received"] == "1"
    assert [march[f"Talk requests {what}"] for what in ("received", "scheduled", "declined")] == [
        "1",
        "0",
        "1",
    ]


def test_the_partner_filter_narrows_attendance_to_the_talks_a_partner_co_hosted(
    coordinator_client, frozen
):
    seeded = attendance_seed()
    partner = PartnerFactory(cohosts=[seeded.b])

    page = coordinator_client.get(f"{PAGE}?partner={partner.pk}").content.decode()

    assert figures(page, "Attendance")["Talks held"] == "1"
    assert figures(page, "Attendance")["RSVPs (confirmed)"] == "2"
    assert f'<option value="{partner.pk}"' in page
