"""Creating and editing talks: times are read in the talk's own zone; bad input saves nothing."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import Talk, TalkChange
from tests.factories import (
    SeriesFactory,
    SpeakerFactory,
    TalkFactory,
    TopicFactory,
    VenueFactory,
)

NEXT_YEAR = timezone.now().year + 1


@pytest.fixture
def venue(db):
    return VenueFactory()


def talk_data(place, /, **overrides) -> dict:
    data = {
        "title": "Ketamine and depression",
        "slug": "ketamine-and-depression",
        "summary": "What the evidence says.",
        "description": "A talk for **everyone**.",
        "venue": place.pk,
        "online_url": "",
        "time_zone": "Europe/London",
        "start": f"{NEXT_YEAR}-12-10T18:30",
        "end": f"{NEXT_YEAR}-12-10T20:00",
        "capacity": "40",
        "waitlist_enabled": "on",
        "max_companions": "1",
        "rsvp_opens_at": "",
        "rsvp_closes_at": "",
        "reminder_hours": "24, 2",
    }
    return {**data, **overrides}


def last_sunday_of_march(year: int) -> date:
    day = date(year, 3, 31)
    return day - timedelta(days=(day.weekday() + 1) % 7)


def test_talk_create_reads_times_in_the_talks_zone_and_saves_a_draft(client, coordinator, venue):
    topic, speaker, series = TopicFactory(), SpeakerFactory(), SeriesFactory()
    data = talk_data(
        venue,
        topics=[topic.pk],
        speakers=[speaker.pk],
        series=series.pk,
        rsvp_closes_at=f"{NEXT_YEAR}-12-10T12:00",
    )

    response = client.post(reverse("coordinator_talk_create"), data)

    talk = Talk.objects.get()
    assert response["Location"] == reverse("coordinator_talk_detail", kwargs={"pk": talk.pk})
    assert (talk.status, talk.time_zone, talk.start, talk.end, talk.rsvp_closes_at) == (
        "draft",
        "Europe/London",
        datetime(NEXT_YEAR, 12, 10, 18, 30, tzinfo=UTC),
        datetime(NEXT_YEAR, 12, 10, 20, 0, tzinfo=UTC),
        datetime(NEXT_YEAR, 12, 10, 12, 0, tzinfo=UTC),
    )
    assert (list(talk.topics.all()), list(talk.speakers.all()), talk.series) == (
        [topic],
        [speaker],
        series,
    )
    assert talk.description_html == "<p>A talk for <strong>everyone</strong>.</p>"
    assert (talk.capacity, talk.max_companions, talk.waitlist_enabled) == (40, 1, True)
    assert list(talk.changes.values_list("action", "by")) == [("created", coordinator.pk)]


def test_talk_create_reads_summer_times_with_the_zones_offset(client, coordinator, venue):
    data = talk_data(
        venue,
        time_zone="America/New_York",
        start=f"{NEXT_YEAR}-07-01T19:00",
        end=f"{NEXT_YEAR}-07-01T20:30",
    )

    client.post(reverse("coordinator_talk_create"), data)

    talk = Talk.objects.get()
    assert (talk.start, talk.end) == (
        datetime(NEXT_YEAR, 7, 1, 23, 0, tzinfo=UTC),
        datetime(NEXT_YEAR, 7, 2, 0, 30, tzinfo=UTC),
    )


def test_talk_create_with_empty_capacity_is_unlimited_and_online_only_is_fine(
    client, coordinator, venue
):
    data = talk_data(venue, venue="", online_url="https://meet.example.org/talk", capacity="")

    client.post(reverse("coordinator_talk_create"), data)

    talk = Talk.objects.get()
    assert (talk.capacity, talk.venue, talk.online_url) == (
        None,
        None,
        "https://meet.example.org/talk",
    )


BAD_INPUT = {
    "start_in_the_past": (
        {"start": f"{NEXT_YEAR - 2}-12-10T18:30", "end": f"{NEXT_YEAR - 2}-12-10T20:00"},
        {"start": ["The start must be in the future."]},
    ),
    "end_before_start": (
        {"end": f"{NEXT_YEAR}-12-10T18:00"},
        {"end": ["The end must be after the start."]},
    ),
    "neither_venue_nor_online_link": (
        {"venue": "", "online_url": ""},
        {"venue": ["Choose a venue, give an online link, or both."]},
    ),
    "slug_clash": (
        {"slug": "taken"},
        {"slug": ["Another talk already uses this slug."]},
    ),
    "title_too_long": (
        {"title": "x" * 201},
        {"title": ["Ensure this value has at most 200 characters (it has 201)."]},
    ),
    "unknown_time_zone": (
        {"time_zone": "Mars/Olympus_Mons"},
        {"time_zone": ["“Mars/Olympus_Mons” is not a known time zone."]},
    ),
    "negative_capacity": (
        {"capacity": "-1"},
        {"capacity": ["Capacity cannot be negative. Leave it empty for unlimited."]},
    ),
    "time_in_the_dst_gap": (
        {
            "start": f"{last_sunday_of_march(NEXT_YEAR)}T01:30",
            "end": f"{last_sunday_of_march(NEXT_YEAR)}T03:00",
        },
        {
            "start": [
                f"{last_sunday_of_march(NEXT_YEAR)} 01:30 does not exist in Europe/London: "
                "the clocks skip it. Choose a time outside the change."
            ]
        },
    ),
    "rsvps_closing_before_they_open": (
        {"rsvp_opens_at": f"{NEXT_YEAR}-12-01T09:00", "rsvp_closes_at": f"{NEXT_YEAR}-11-01T09:00"},
        {"rsvp_closes_at": ["RSVPs must close after they open."]},
    ),
}


@pytest.mark.parametrize(("overrides", "errors"), BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_talk_create_with_bad_input_shows_the_field_error_and_saves_nothing(
    client, coordinator, venue, overrides, errors
):
    existing = TalkFactory(slug="taken")

    response = client.post(reverse("coordinator_talk_create"), talk_data(venue, **overrides))

    assert response.status_code == 400
    assert response.context["form"].errors == errors
    assert list(Talk.objects.all()) == [existing]
    assert TalkChange.objects.count() == 0


def test_talk_create_error_is_announced_next_to_its_field(client, coordinator, venue):
    response = client.post(reverse("coordinator_talk_create"), talk_data(venue, capacity="-5"))

    page = response.content.decode()
    assert (
        '<ul class="errorlist" id="id_capacity_error"><li>'
        "Capacity cannot be negative. Leave it empty for unlimited.</li></ul>"
    ) in page
    assert (
        '<input type="number" name="capacity" value="-5" aria-invalid="true" '
        'aria-describedby="id_capacity_helptext id_capacity_error" id="id_capacity">'
    ) in page
    assert '<label for="id_title">Title <span class="required">(required)</span></label>' in page


def test_talk_create_page_offers_local_date_time_inputs_and_known_zones(client, coordinator):
    response = client.get(reverse("coordinator_talk_create"))

    form = response.context["form"]
    page = response.content.decode()
    assert '<input type="datetime-local" name="start" required id="id_start">' in page
    assert ("Europe/London", "Europe/London") in form.fields["time_zone"].choices
    assert ("localtime", "localtime") not in form.fields["time_zone"].choices
    assert form["time_zone"].value() == "America/Denver"


def test_talk_edit_shows_times_in_the_talks_zone(client, coordinator):
    talk = TalkFactory(
        time_zone="Europe/London",
        start=datetime(NEXT_YEAR, 12, 10, 18, 30, tzinfo=UTC),
        end=datetime(NEXT_YEAR, 12, 10, 20, 0, tzinfo=UTC),
        rsvp_closes_at=datetime(NEXT_YEAR, 12, 10, 12, 0, tzinfo=UTC),
    )

    response = client.get(reverse("coordinator_talk_edit", kwargs={"pk": talk.pk}))

    form = response.context["form"]
    assert sorted(form.fields) == sorted(
        [
            "title",
            "slug",
            "summary",
            "description",
            "topics",
            "speakers",
            "series",
            "venue",
            "online_url",
            "image",
            "time_zone",
            "waitlist_enabled",
            "max_companions",
            "rsvp_opens_at",
            "rsvp_closes_at",
            "ask_accessibility_needs",
            "ask_heard_about",
            "reminder_hours",
        ]
    )
    assert (
        f'<input type="datetime-local" name="rsvp_closes_at" value="{NEXT_YEAR}-12-10T12:00"'
        in response.content.decode()
    )


def test_talk_edit_updates_the_talk_and_logs_who_changed_what(client, coordinator):
    talk = TalkFactory(title="Old title", slug="old-title", time_zone="Europe/London")
    topic = TopicFactory()
    data = talk_data(
        talk.venue,
        title="New title",
        slug="old-title",
        summary=talk.summary,
        description=talk.description,
        topics=[topic.pk],
        max_companions="0",
    )

    response = client.post(reverse("coordinator_talk_edit", kwargs={"pk": talk.pk}), data)

    talk.refresh_from_db()
    assert response["Location"] == reverse("coordinator_talk_detail", kwargs={"pk": talk.pk})
    assert (talk.title, list(talk.topics.all()), talk.sequence) == ("New title", [topic], 1)
    change = talk.changes.get()
    assert (change.action, change.by, change.details) == (
        "edited",
        coordinator,
        {"changed": {"title": ["Old title", "New title"], "topics": ["", topic.name]}},
    )
    detail = client.get(response["Location"]).content.decode()
    assert "Title: Old title → New title" in detail


def test_talk_edit_with_a_slug_clash_changes_nothing(client, coordinator):
    TalkFactory(slug="taken")
    talk = TalkFactory(title="Kept", slug="mine")
    data = talk_data(talk.venue, title="Changed", slug="taken")

    response = client.post(reverse("coordinator_talk_edit", kwargs={"pk": talk.pk}), data)

    talk.refresh_from_db()
    assert response.context["form"].errors == {"slug": ["Another talk already uses this slug."]}
    assert (talk.title, talk.slug, talk.changes.count()) == ("Kept", "mine", 0)
