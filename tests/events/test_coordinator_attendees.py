"""Who is coming: the talk page's lists, the CSV download and the check-in page."""

import csv
import io
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from events.models import Talk
from tests.conftest import NEVER_STORED
from tests.factories import RsvpFactory, TalkFactory


def url(name: str, obj) -> str:
    return reverse(name, kwargs={"pk": obj.pk})


def test_talk_detail_lists_attendees_waitlist_in_order_and_pending_guests(client, coordinator):
    now = timezone.now()
    talk = TalkFactory(capacity=10, ask_accessibility_needs=True)
    RsvpFactory(talk=talk, name="Zoe", party_size=2, accessibility_needs="Step-free access")
    RsvpFactory(talk=talk, name="amir", checked_in_at=now)
    later = RsvpFactory(talk=talk, name="Later", status="waitlisted", waitlisted_at=now)
    earlier = RsvpFactory(
        talk=talk, name="Earlier", status="waitlisted", waitlisted_at=now - timedelta(hours=1)
    )
    RsvpFactory(talk=talk, status="pending", confirmed_at=None)
    RsvpFactory(talk=talk, name="Gone", status="cancelled")

    response = client.get(url("coordinator_talk_detail", talk))

    context = response.context
    assert [rsvp.name for rsvp in context["attending"]] == ["amir", "Zoe"]
    assert context["waitlist"] == [earlier, later]
    assert (context["pending"], context["checked_in"], context["talk"].seats_taken) == (1, 1, 3)
    page = response.content.decode()
    assert '<td data-label="Accessibility needs">Step-free access</td>' in page
    assertContains(response, "<dt>Seats left</dt><dd>7</dd>", html=True)
    assert "Gone" not in page


def test_talk_detail_shows_the_change_log_with_who_made_each_change(client, coordinator):
    talk = TalkFactory(status="draft")
    client.post(url("coordinator_talk_publish", talk))
    client.post(url("coordinator_talk_capacity", talk), {"capacity": "50"})

    response = client.get(url("coordinator_talk_detail", talk))

    rows = [(row.who, row.action, row.lines) for row in response.context["changes"]]
    assert rows == [
        (coordinator.email, "Capacity changed", ["Capacity: 30 → 50"]),
        (coordinator.email, "Published", []),
    ]
    assert f'<td data-label="Who">{coordinator.email}</td>' in response.content.decode()


def test_talk_attendees_csv_has_only_this_talks_confirmed_and_waitlisted_people(
    client, coordinator
):
    now = timezone.now()
    talk = TalkFactory(slug="ketamine-101", time_zone="UTC")
    RsvpFactory(
        talk=talk,
        name="Bea",
        email="bea@example.org",
        party_size=2,
        accessibility_needs="Captions",
        heard_about="Library",
        checked_in_at=now.replace(hour=18, minute=5),
    )
    RsvpFactory(
        talk=talk, name="Al", email="al@example.org", status="waitlisted", waitlisted_at=now
    )
    RsvpFactory(talk=talk, name="Pat", status="pending")
    RsvpFactory(talk=talk, name="Cy", status="cancelled")
    RsvpFactory(talk=TalkFactory(), name="Other talk's guest")

    response = client.get(url("coordinator_talk_attendees_csv", talk))

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [
        [
            "Status",
            "Name",
            "Email",
            "Party size",
            "Accessibility needs",
            "Heard about",
            "Checked in at",
        ],
        [
            "Confirmed",
            "Bea",
            "bea@example.org",
            "2",
            "Captions",
            "Library",
            now.strftime("%Y-%m-%d 18:05"),
        ],
        ["On the waitlist", "Al", "al@example.org", "1", "", "", ""],
    ]
    assert (
        response["Content-Type"],
        response["Content-Disposition"],
        response["Cache-Control"],
    ) == (
        "text/csv; charset=utf-8",
        'attachment; filename="ketamine-101-attendees.csv"',
        NEVER_STORED,
    )


def test_talk_attendees_csv_keeps_formulas_from_running_in_a_spreadsheet(client, coordinator):
    talk = TalkFactory()
    RsvpFactory(talk=talk, name='=HYPERLINK("http://evil.example")', heard_about="+1 friend")

    response = client.get(url("coordinator_talk_attendees_csv", talk))

    row = list(csv.reader(io.StringIO(response.content.decode())))[1]
    assert (row[1], row[5]) == ('\'=HYPERLINK("http://evil.example")', "'+1 friend")


def test_talk_checkin_search_finds_confirmed_people_by_name(client, coordinator):
    talk = TalkFactory()
    RsvpFactory(talk=talk, name="Alice", checked_in_at=timezone.now())
    RsvpFactory(talk=talk, name="Bob")
    RsvpFactory(talk=talk, name="Malika")
    RsvpFactory(talk=talk, name="Alina", status="waitlisted", waitlisted_at=timezone.now())

    response = client.get(url("coordinator_talk_checkin", talk), {"q": "ali"})

    context = response.context
    assert [rsvp.name for rsvp in context["people"]] == ["Alice", "Malika"]
    assert (context["counts"].checked_in, context["counts"].expected, context["query"]) == (
        1,
        3,
        "ali",
    )
    page = response.content.decode()
    assert '<p class="lead" role="status" id="door-count">1 of 3 people checked in</p>' in page
    assert '<button type="submit" class="undo">Undo check-in for Alice</button>' in page
    assert '<button type="submit">Check in Malika</button>' in page


def test_rsvp_checkin_checks_in_and_returns_to_the_same_search(client, coordinator):
    rsvp = RsvpFactory(name="Alice")

    response = client.post(url("coordinator_rsvp_checkin", rsvp), {"action": "in", "q": "ali ce"})

    rsvp.refresh_from_db()
    assert response["Location"] == url("coordinator_talk_checkin", rsvp.talk) + (
        f"?q=ali+ce#rsvp-{rsvp.pk}"
    )
    assert rsvp.checked_in_by == coordinator
    assert rsvp.checked_in_at is not None
    page = client.get(response["Location"])
    assert [str(m) for m in page.context["messages"]] == ["Alice is checked in."]


def test_rsvp_checkin_twice_keeps_the_first_time(client, coordinator):
    first = timezone.now() - timedelta(minutes=5)
    rsvp = RsvpFactory(checked_in_at=first, checked_in_by=coordinator)

    client.post(url("coordinator_rsvp_checkin", rsvp), {"action": "in"})

    rsvp.refresh_from_db()
    assert rsvp.checked_in_at == first


def test_rsvp_checkin_undo_clears_the_check_in(client, coordinator):
    rsvp = RsvpFactory(name="Bob", checked_in_at=timezone.now(), checked_in_by=coordinator)

    response = client.post(url("coordinator_rsvp_checkin", rsvp), {"action": "undo"}, follow=True)

    rsvp.refresh_from_db()
    assert (rsvp.checked_in_at, rsvp.checked_in_by) == (None, None)
    assert [str(m) for m in response.context["messages"]] == ["Bob is no longer checked in."]


def test_rsvp_checkin_refuses_someone_on_the_waitlist(client, coordinator):
    rsvp = RsvpFactory(status="waitlisted", waitlisted_at=timezone.now())

    response = client.post(url("coordinator_rsvp_checkin", rsvp), {"action": "in"}, follow=True)

    rsvp.refresh_from_db()
    assert rsvp.checked_in_at is None
    assert [str(m) for m in response.context["messages"]] == [
        "Only confirmed RSVPs can be checked in."
    ]


def test_talk_pages_answer_404_for_an_unknown_talk(client, coordinator):
    missing = Talk(pk=999_999)

    statuses = [
        client.get(url(name, missing)).status_code
        for name in ["coordinator_talk_detail", "coordinator_talk_checkin"]
    ]

    assert statuses == [404, 404]
