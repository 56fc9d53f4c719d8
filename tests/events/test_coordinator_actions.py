"""Publishing, rescheduling, resizing, cancelling and copying a talk from its coordinator page."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from events.locking import locked_talk
from events.models import Talk
from events.services.talks import DUPLICATED_FIELDS, NOT_DUPLICATED_FIELDS
from notifications.models import OutgoingEmail
from tests.factories import (
    RsvpFactory,
    SeriesFactory,
    SpeakerFactory,
    TalkFactory,
    TopicFactory,
    UserFactory,
)

NEXT_YEAR = timezone.now().year + 1


def url(name: str, talk: Talk) -> str:
    return reverse(name, kwargs={"pk": talk.pk})


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_talk_publish_publishes_a_draft_and_logs_it(client, coordinator):
    talk = TalkFactory(status="draft")

    response = client.post(url("coordinator_talk_publish", talk), follow=True)

    talk.refresh_from_db()
    assert (talk.status, talk.sequence) == ("published", 1)
    assert messages_of(response) == ["The talk is published."]
    assert [(row.action, row.who) for row in response.context["changes"]] == [
        ("Published", coordinator.email)
    ]


def test_talk_publish_refuses_a_talk_that_is_not_a_draft(client, coordinator):
    talk = TalkFactory(status="cancelled")

    response = client.post(url("coordinator_talk_publish", talk), follow=True)

    talk.refresh_from_db()
    assert talk.status == "cancelled"
    assert messages_of(response) == ["Only a draft can be published."]


def test_talk_publish_answers_get_with_405(client, coordinator):
    talk = TalkFactory(status="draft")

    response = client.get(url("coordinator_talk_publish", talk))

    talk.refresh_from_db()
    assert (response.status_code, talk.status) == (405, "draft")


def test_talk_reschedule_moves_the_talk_in_its_zone_and_the_log_shows_it(client, coordinator):
    old_start = datetime(NEXT_YEAR, 12, 10, 18, 30, tzinfo=UTC)
    talk = TalkFactory(
        time_zone="Europe/London", start=old_start, end=old_start + timedelta(hours=1)
    )

    response = client.post(
        url("coordinator_talk_reschedule", talk),
        {"start": f"{NEXT_YEAR}-12-17T19:00", "end": f"{NEXT_YEAR}-12-17T20:30"},
        follow=True,
    )

    talk.refresh_from_db()
    assert (talk.start, talk.end, talk.sequence) == (
        datetime(NEXT_YEAR, 12, 17, 19, 0, tzinfo=UTC),
        datetime(NEXT_YEAR, 12, 17, 20, 30, tzinfo=UTC),
        1,
    )
    assert messages_of(response) == ["The talk is rescheduled."]
    [row] = response.context["changes"]
    assert (row.action, row.who, row.lines) == (
        "Rescheduled",
        coordinator.email,
        [
            f"Start: {NEXT_YEAR}-12-10 18:30 GMT → {NEXT_YEAR}-12-17 19:00 GMT",
            f"End: {NEXT_YEAR}-12-10 19:30 GMT → {NEXT_YEAR}-12-17 20:30 GMT",
        ],
    )
    assert f"Start: {NEXT_YEAR}-12-10 18:30 GMT → {NEXT_YEAR}-12-17 19:00 GMT" in (
        response.content.decode()
    )


def test_talk_reschedule_page_shows_the_current_times_in_the_talks_zone(client, coordinator):
    start = datetime(NEXT_YEAR, 7, 1, 23, 0, tzinfo=UTC)
    talk = TalkFactory(time_zone="America/New_York", start=start, end=start + timedelta(hours=2))

    response = client.get(url("coordinator_talk_reschedule", talk))

    form = response.context["form"]
    assert (form["start"].value(), form["end"].value()) == (
        datetime(NEXT_YEAR, 7, 1, 19, 0),
        datetime(NEXT_YEAR, 7, 1, 21, 0),
    )
    assert f'value="{NEXT_YEAR}-07-01T19:00"' in response.content.decode()


def test_talk_reschedule_with_the_end_before_the_start_changes_nothing(client, coordinator):
    talk = TalkFactory()
    before = (talk.start, talk.end)

    response = client.post(
        url("coordinator_talk_reschedule", talk),
        {"start": f"{NEXT_YEAR}-12-17T19:00", "end": f"{NEXT_YEAR}-12-17T18:00"},
    )

    talk.refresh_from_db()
    assert response.context["form"].errors == {"end": ["The end must be after the start."]}
    assert ((talk.start, talk.end), talk.sequence, talk.changes.count()) == (before, 0, 0)


def test_talk_capacity_raise_promotes_the_first_on_the_waitlist(client, coordinator):
    now = timezone.now()
    talk = TalkFactory(capacity=1)
    RsvpFactory(talk=talk)
    first = RsvpFactory(talk=talk, status="waitlisted", waitlisted_at=now - timedelta(hours=2))
    second = RsvpFactory(talk=talk, status="waitlisted", waitlisted_at=now - timedelta(hours=1))

    response = client.post(url("coordinator_talk_capacity", talk), {"capacity": "2"}, follow=True)

    first.refresh_from_db()
    second.refresh_from_db()
    talk.refresh_from_db()
    assert (talk.capacity, first.status, second.status) == (2, "confirmed", "waitlisted")
    assert messages_of(response) == ["The capacity is changed."]
    assert [(row.action, row.lines) for row in response.context["changes"]] == [
        ("Capacity changed", ["Capacity: 1 → 2"])
    ]
    assert sorted(OutgoingEmail.objects.values_list("recipient", "kind")) == [
        (first.email, "reminder"),
        (first.email, "reminder"),
        (first.email, "rsvp_promoted"),
    ]


@pytest.mark.postgres  # SQLite has no row locks to wait for
def test_talk_capacity_answers_busy_while_another_change_holds_the_talk(
    client, transactional_db, settings
):
    settings.EVENTS_LOCK_TIMEOUT_MS = 200
    client.force_login(UserFactory(is_superuser=True))  # earlier transactional tests flush groups
    talk = TalkFactory(capacity=5)
    holding, release = threading.Event(), threading.Event()

    def hold_the_talk():
        try:
            with locked_talk(talk.pk):
                holding.set()
                release.wait(timeout=10)
        finally:
            connection.close()

    holder = threading.Thread(target=hold_the_talk)
    holder.start()
    holding.wait(timeout=10)
    try:
        response = client.post(url("coordinator_talk_capacity", talk), {"capacity": "9"})
    finally:
        release.set()
        holder.join()

    talk.refresh_from_db()
    assert (response.status_code, response["Retry-After"]) == (503, "2")
    assert "<h1>Busy, please try again</h1>" in response.content.decode()
    assert (talk.capacity, talk.changes.count()) == (5, 0)


def test_talk_capacity_empty_means_unlimited(client, coordinator):
    talk = TalkFactory(capacity=10)

    client.post(url("coordinator_talk_capacity", talk), {"capacity": ""})

    talk.refresh_from_db()
    assert talk.capacity is None


@pytest.mark.parametrize(
    ("capacity", "error"),
    [
        ("-1", "Capacity cannot be negative. Leave it empty for unlimited."),
        ("1", "2 seats are already taken: capacity cannot go below that."),
    ],
)
def test_talk_capacity_refuses_a_bad_value_and_changes_nothing(
    client, coordinator, capacity, error
):
    talk = TalkFactory(capacity=5)
    RsvpFactory(talk=talk, party_size=2)

    response = client.post(url("coordinator_talk_capacity", talk), {"capacity": capacity})

    talk.refresh_from_db()
    assert response.status_code == 400
    assert response.context["form"].errors == {"capacity": [error]}
    assert (talk.capacity, talk.changes.count()) == (5, 0)


def test_talk_cancel_with_a_message_tells_everyone_who_rsvped(client, coordinator):
    talk = TalkFactory()
    confirmed = RsvpFactory(talk=talk)
    waiting = RsvpFactory(talk=talk, status="waitlisted", waitlisted_at=timezone.now())
    RsvpFactory(talk=talk, status="cancelled")

    response = client.post(
        url("coordinator_talk_cancel", talk), {"message": "The speaker is ill."}, follow=True
    )

    talk.refresh_from_db()
    assert (talk.status, talk.cancellation_message) == ("cancelled", "The speaker is ill.")
    assert messages_of(response) == ["The talk is cancelled and everyone who RSVPed is told."]
    assert [(row.action, row.lines) for row in response.context["changes"]] == [
        ("Cancelled", ["Message: The speaker is ill."])
    ]
    assert sorted(OutgoingEmail.objects.values_list("recipient", "kind")) == sorted(
        [(confirmed.email, "talk_cancelled"), (waiting.email, "talk_cancelled")]
    )


def test_talk_cancel_without_a_message_changes_nothing(client, coordinator):
    talk = TalkFactory()

    response = client.post(url("coordinator_talk_cancel", talk), {"message": ""})

    talk.refresh_from_db()
    assert response.context["form"].errors == {"message": ["This field is required."]}
    assert (talk.status, talk.changes.count()) == ("published", 0)


def test_talk_cancel_twice_says_it_is_already_cancelled(client, coordinator):
    talk = TalkFactory(status="cancelled", cancellation_message="First")

    response = client.post(url("coordinator_talk_cancel", talk), {"message": "Second"})

    talk.refresh_from_db()
    assert response.context["form"].non_field_errors() == ["This talk is already cancelled."]
    assert talk.cancellation_message == "First"


def test_talk_duplicate_offers_the_same_local_time_a_week_later(client, coordinator):
    start = datetime(NEXT_YEAR, 3, 20, 23, 0, tzinfo=UTC)  # 19:00 in New York (EDT)
    talk = TalkFactory(time_zone="America/New_York", start=start, end=start + timedelta(hours=1))

    response = client.get(url("coordinator_talk_duplicate", talk))

    form = response.context["form"]
    assert (form["start"].value(), form["end"].value()) == (
        datetime(NEXT_YEAR, 3, 27, 19, 0),
        datetime(NEXT_YEAR, 3, 27, 20, 0),
    )


def test_talk_duplicate_makes_a_draft_with_the_same_topics_speakers_and_series(client, coordinator):
    topics, speakers, series = [TopicFactory(), TopicFactory()], [SpeakerFactory()], SeriesFactory()
    talk = TalkFactory(
        title="Monthly meetup",
        time_zone="Europe/London",
        topics=topics,
        speakers=speakers,
        series=series,
    )

    response = client.post(
        url("coordinator_talk_duplicate", talk),
        {"start": f"{NEXT_YEAR}-12-10T18:30", "end": f"{NEXT_YEAR}-12-10T20:00"},
    )

    copy = Talk.objects.exclude(pk=talk.pk).get()
    assert response["Location"] == url("coordinator_talk_detail", copy)
    assert (copy.status, copy.title, copy.slug, copy.series) == (
        "draft",
        "Monthly meetup",
        f"monthly-meetup-{NEXT_YEAR}-12-10",
        series,
    )
    assert (copy.start, copy.end) == (
        datetime(NEXT_YEAR, 12, 10, 18, 30, tzinfo=UTC),
        datetime(NEXT_YEAR, 12, 10, 20, 0, tzinfo=UTC),
    )
    assert (set(copy.topics.all()), list(copy.speakers.all())) == (set(topics), speakers)
    assert list(talk.changes.values_list("action", "details")) == [
        ("duplicated", {"copy": copy.slug})
    ]


def test_talk_preview_shows_a_draft_and_takes_no_rsvps(client, coordinator):
    talk = TalkFactory(status="draft", title="Not yet public", summary="Coming soon.")

    response = client.get(url("coordinator_talk_preview", talk))

    page = response.content.decode()
    assert response.templates[0].name == "events/talk_detail.html"
    assert '<h1 id="talk-title">Not yet public</h1>' in page
    assert '<p class="lead">Coming soon.</p>' in page
    assert talk.description_html in page
    assert "<p>This is a preview: RSVPs are taken on the published page.</p>" in page
    assert 'action="/talks/' not in page


def test_every_field_of_a_talk_is_either_copied_by_duplicate_or_named_as_not_copied():
    """A new field on Talk fails here until someone decides whether a copy takes it."""
    concrete = {field.name for field in Talk._meta.concrete_fields}

    assert set(DUPLICATED_FIELDS) | set(NOT_DUPLICATED_FIELDS) == concrete
    assert set(DUPLICATED_FIELDS) & set(NOT_DUPLICATED_FIELDS) == set()
