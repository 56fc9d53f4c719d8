"""The impact dashboard's attendance figures, on the page and in the CSV, exactly, with
every filter; who may see them; and a query count that does not grow with the data."""

import pytest

from tests.factories import RsvpFactory, UserFactory, WalkInFactory
from tests.outreach.impact_data import at, attendance_seed, held_talk
from tests.outreach.impact_pages import csv_rows, csv_values, figures

pytestmark = pytest.mark.django_db
PAGE, CSV = "/coordinate/impact/", "/coordinate/impact.csv"

ALL_TALKS = {
    "Talks held": "3",
    "RSVPs (confirmed)": "9",
    "People confirmed": "10",
    "People checked in": "7",
    "Of whom walk-ins": "2",
    "No-show rate": "37.5 %",
    "People who never got a seat": "3",
}


def test_impact_page_shows_the_exact_attendance_of_the_talks_held(coordinator_client, frozen):
    attendance_seed()

    response = coordinator_client.get(PAGE)

    assert response.status_code == 200
    assert figures(response.content.decode(), "Attendance") == ALL_TALKS


def test_impact_csv_has_the_same_figures_in_total_and_by_month(coordinator_client, frozen):
    attendance_seed()

    response = coordinator_client.get(CSV)

    assert csv_rows(response)[0] == ["Section", "Figure", "Month", "Value"]
    assert csv_values(response, "Attendance") == {
        "Talks held": "3",
        "RSVPs (confirmed)": "9",
        "People confirmed": "10",
        "People checked in": "7",
        "Walk-ins": "2",
        "Talks that used check-in": "2",
        "No-show rate": "0.375",
        "People who never got a seat": "3",
    }
    assert csv_values(response, "Attendance", "2026-03") == {
        "Talks held": "1",
        "RSVPs (confirmed)": "3",
        "People confirmed": "4",
        "People checked in": "5",
        "Walk-ins": "2",
        "Talks that used check-in": "1",
        "No-show rate": "0.25",
        "People who never got a seat": "3",
    }
    assert csv_values(response, "Attendance", "2026-04")["No-show rate"] == "0.5"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("topic={first}", {"Talks held": "2", "People confirmed": "8", "No-show rate": "37.5 %"}),
        ("series={series}", {"Talks held": "1", "People confirmed": "4", "No-show rate": "25.0 %"}),
        (
            "venue={venue_two}",
            {"Talks held": "1", "People confirmed": "4", "No-show rate": "50.0 %"},
        ),
        ("format=online", {"Talks held": "2", "People confirmed": "6", "No-show rate": "50.0 %"}),
        (
            "format=in_person",
            {"Talks held": "2", "People confirmed": "8", "No-show rate": "37.5 %"},
        ),
        (
            "since=2026-04-01&until=2026-04-20",
            {"Talks held": "1", "People confirmed": "2", "No-show rate": "none yet"},
        ),
        (
            "until=2026-04-19",
            {"Talks held": "1", "People confirmed": "4", "No-show rate": "25.0 %"},
        ),
        (
            "topic={second}&format=in_person",
            {"Talks held": "0", "People confirmed": "0", "No-show rate": "none yet"},
        ),
    ],
)
def test_impact_filters_narrow_every_figure(coordinator_client, frozen, query, expected):
    seeded = attendance_seed()
    ids = {
        "first": seeded.first.pk,
        "second": seeded.second.pk,
        "series": seeded.series.pk,
        "venue_two": seeded.venue_two.pk,
    }

    page = coordinator_client.get(f"{PAGE}?{query.format(**ids)}").content.decode()

    shown = figures(page, "Attendance")
    assert {label: shown[label] for label in expected} == expected


def test_impact_csv_takes_the_same_filters(coordinator_client, frozen):
    seeded = attendance_seed()

    response = coordinator_client.get(f"{CSV}?topic={seeded.first.pk}&format=online")

    totals = csv_values(response, "Attendance")
    assert (totals["Talks held"], totals["People confirmed"]) == ("1", "4")
    assert csv_values(response, "Filter") == {"topic": str(seeded.first.pk), "format": "online"}


def test_impact_dates_the_wrong_way_round_are_refused_under_the_field(coordinator_client, frozen):
    response = coordinator_client.get(f"{PAGE}?since=2026-05-01&until=2026-04-01")

    page = response.content.decode()
    assert response.status_code == 400
    assert page.index("The end date must not be before the start date.") > page.index(
        'for="id_until"'
    )
    assert "Talks held" not in page


def test_impact_is_for_coordinators_only(client, db):
    for path in (PAGE, CSV):
        client.logout()
        assert client.get(path)["Location"] == f"/accounts/login/?next={path}"
        client.force_login(UserFactory())
        assert client.get(path).status_code == 403


def test_impact_shows_subscribers_and_counts_nothing_it_has_not_got(coordinator_client, frozen):
    from tests.factories import SubscriberFactory

    SubscriberFactory.create_batch(2)
    SubscriberFactory(confirmed_at=None)

    page = coordinator_client.get(PAGE).content.decode()

    assert figures(page, "Requests and announcements") == {
        "Talk requests received": "0",
        "Talk requests scheduled": "0",
        "Talk requests declined": "0",
        "Announcement subscribers": "2",
        "New subscribers in the dates": "2",
    }
    assert set(figures(page, "Feedback").values()) == {"fewer than 5 responses"}


def talks_with_attendance(count: int) -> None:
    for n in range(count):
        talk = held_talk(at(1 + n % 5, 1 + n % 27, hour=10 + n % 8))
        RsvpFactory(talk=talk, checked_in_at=talk.start, party_size=1)
        RsvpFactory(talk=talk)
        WalkInFactory(talk=talk)


@pytest.mark.parametrize("talks", [3, 40])
def test_impact_page_and_csv_queries_do_not_grow_with_the_data(
    coordinator_client, frozen, django_assert_num_queries, talks
):
    talks_with_attendance(talks)
    coordinator_client.get(PAGE)  # the session and the user, once

    # The session, the user, the coordinator check; the topics, series, venues and partners
    # of the filters; talks, RSVPs and walk-ins by month; talk requests; subscribers;
    # feedback's totals and its items; the menu's coordinator check.
    with django_assert_num_queries(15):
        page = coordinator_client.get(PAGE)
    with django_assert_num_queries(
        11
    ):  # the page's, without the menu and the topics', series' and venues' lists
        coordinator_client.get(CSV)

    assert figures(page.content.decode(), "Attendance")["Talks held"] == str(talks)
