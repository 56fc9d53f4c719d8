"""Coordinators run the programme: venues, speakers, topics and series, created, edited
and deleted through /coordinate/, each change public at once."""

import io
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from events.models import Series, Speaker, Topic, Venue
from tests.factories import SeriesFactory, SpeakerFactory, TalkFactory, TopicFactory, VenueFactory

pytestmark = pytest.mark.django_db

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 200
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200
WEBP = b"RIFF\x00\x00\x00\x00WEBPVP8 " + b"\x00" * 200


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(content: bytes, name: str):
    file = io.BytesIO(content)
    file.name = name
    return file


def errors(response) -> dict:
    return {name: list(messages) for name, messages in response.context["form"].errors.items()}


def test_a_venue_created_by_a_coordinator_is_stored(coordinator_client):
    response = coordinator_client.post(
        "/coordinate/venues/new/",
        {"name": "Library\r\nroom", "address": "1 Main St", "accessibility_notes": "Lift"},
    )

    assert (response.status_code, response["Location"]) == (302, "/coordinate/venues/")
    assert list(Venue.objects.values_list("name", "address", "accessibility_notes")) == [
        ("Library room", "1 Main St", "Lift")
    ]


def test_a_topics_slug_is_made_from_its_name_when_left_empty(coordinator_client):
    coordinator_client.post("/coordinate/topics/new/", {"name": "Trauma and PTSD", "slug": ""})

    assert list(Topic.objects.values_list("name", "slug")) == [
        ("Trauma and PTSD", "trauma-and-ptsd")
    ]


def test_a_taken_topic_slug_is_a_clear_error_and_nothing_is_saved(coordinator_client):
    TopicFactory(name="PTSD", slug="ptsd")

    response = coordinator_client.post("/coordinate/topics/new/", {"name": "Other", "slug": "ptsd"})

    assert (response.status_code, errors(response)) == (
        400,
        {"slug": ["Another topic already uses this slug. Choose another."]},
    )
    assert Topic.objects.count() == 1


def test_a_name_without_letters_for_a_slug_asks_for_one(coordinator_client):
    response = coordinator_client.post("/coordinate/series/new/", {"title": "…", "slug": ""})

    assert errors(response) == {"slug": ["Give a slug: letters, numbers, hyphens or underscores."]}


def test_a_series_keeps_its_slug_when_edited_with_the_same_one(coordinator_client):
    series = SeriesFactory(title="Monthly", slug="monthly")

    coordinator_client.post(
        f"/coordinate/series/{series.pk}/", {"title": "Monthly evenings", "slug": "monthly"}
    )

    assert Series.objects.values_list("title", "slug").get() == ("Monthly evenings", "monthly")


def test_a_speaker_with_pronouns_and_a_photo_is_stored_under_a_new_name(coordinator_client, media):
    response = coordinator_client.post(
        "/coordinate/speakers/new/",
        {
            "name": "Dr. Ada",
            "pronouns": "she/her",
            "bio": "Psychiatrist.",
            "photo": upload(PNG, "../../evil.php.png"),
        },
    )

    speaker = Speaker.objects.get()
    assert response.status_code == 302
    assert (speaker.name, speaker.pronouns, speaker.bio) == ("Dr. Ada", "she/her", "Psychiatrist.")
    assert re.fullmatch(r"speakers/[0-9a-f]{32}\.png", speaker.photo.name)
    assert (media / speaker.photo.name).read_bytes() == PNG


@pytest.mark.parametrize("content", [JPEG, WEBP])
def test_jpeg_and_webp_photos_are_taken(coordinator_client, media, content):
    coordinator_client.post(
        "/coordinate/speakers/new/", {"name": "Dr. Ada", "photo": upload(content, "photo.png")}
    )

    assert (
        Speaker.objects.get().photo.name.rsplit(".", 1)[1] == {JPEG: "jpg", WEBP: "webp"}[content]
    )


def test_a_photo_that_is_not_an_image_is_refused_whatever_its_name(coordinator_client, media):
    response = coordinator_client.post(
        "/coordinate/speakers/new/",
        {"name": "Dr. Ada", "photo": upload(b"<?php system($_GET['c']); ?>", "photo.jpg")},
    )

    assert (response.status_code, errors(response)) == (
        400,
        {"photo": ["The photo must be a JPEG, PNG or WebP image."]},
    )
    assert (Speaker.objects.count(), list(media.iterdir())) == (0, [])


def test_a_photo_over_2_mb_is_refused(coordinator_client, media):
    big = PNG + b"\x00" * (2 * 1024 * 1024)

    response = coordinator_client.post(
        "/coordinate/speakers/new/", {"name": "Dr. Ada", "photo": upload(big, "big.png")}
    )

    assert errors(response) == {"photo": ["The photo is larger than 2 MB. Choose a smaller one."]}
    assert Speaker.objects.count() == 0


def test_a_venue_with_no_talks_is_deleted(coordinator_client):
    venue = VenueFactory()

    response = coordinator_client.post(f"/coordinate/venues/{venue.pk}/delete/")

    assert (response.status_code, response["Location"]) == (302, "/coordinate/venues/")
    assert Venue.objects.count() == 0


@pytest.mark.parametrize(
    ("kind", "make", "refusal"),
    [
        (
            "venues",
            lambda: TalkFactory().venue,
            "This venue is not deleted: a talk uses it. Choose another venue for it first.",
        ),
        (
            "speakers",
            lambda: TalkFactory(speakers=[SpeakerFactory()]).speakers.get(),
            "This speaker is not deleted: a talk names them. Take them off that talk first.",
        ),
        (
            "topics",
            lambda: TalkFactory(topics=[TopicFactory()]).topics.get(),
            "This topic is not deleted: a talk has it. Take it off that talk first.",
        ),
        (
            "series",
            lambda: TalkFactory(series=SeriesFactory()).series,
            "This series is not deleted: a talk belongs to it. Take it out of the series first.",
        ),
    ],
)
def test_what_a_talk_uses_is_not_deleted_and_the_refusal_says_why(
    coordinator_client, kind, make, refusal
):
    thing = make()

    response = coordinator_client.post(f"/coordinate/{kind}/{thing.pk}/delete/", follow=True)

    assert [str(message) for message in response.context["messages"]] == [refusal]
    assert type(thing).objects.filter(pk=thing.pk).exists()


def test_a_venue_of_upcoming_talks_keeps_its_address_but_takes_a_new_name_and_notes(
    coordinator_client,
):
    venue = TalkFactory().venue

    response = coordinator_client.post(
        f"/coordinate/venues/{venue.pk}/",
        {"name": "Main library", "address": "9 Elsewhere Road", "accessibility_notes": "Ramp"},
    )

    assert response.status_code == 302
    assert Venue.objects.values_list("name", "address", "accessibility_notes").get() == (
        "Main library",
        "100 Main Street, Denver, CO",
        "Ramp",
    )


def test_a_venue_only_past_talks_used_can_move(coordinator_client):
    from datetime import timedelta

    from django.utils import timezone

    start = timezone.now() - timedelta(days=30)
    venue = TalkFactory(start=start, end=start + timedelta(hours=1)).venue

    coordinator_client.post(
        f"/coordinate/venues/{venue.pk}/", {"name": venue.name, "address": "9 Elsewhere Road"}
    )

    assert Venue.objects.get().address == "9 Elsewhere Road"


def test_the_service_refuses_moving_a_venue_of_upcoming_talks():
    from django.core.exceptions import ValidationError

    from events import services

    venue = TalkFactory().venue

    with pytest.raises(ValidationError) as refusal:
        services.venue_update(venue=venue, address="9 Elsewhere Road")

    assert list(refusal.value.error_dict) == ["address"]
    assert Venue.objects.get().address == "100 Main Street, Denver, CO"


def test_a_topic_renamed_by_a_coordinator_shows_at_once_on_a_kept_talk_page(coordinator_client):
    topic = TopicFactory(name="PTSD", slug="ptsd")
    talk = TalkFactory(topics=[topic])
    anonymous = Client()
    anonymous.get(talk.get_absolute_url())  # kept now

    coordinator_client.post(f"/coordinate/topics/{topic.pk}/", {"name": "Trauma", "slug": "ptsd"})

    assert "Trauma" in anonymous.get(talk.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("kind", "make", "data"),
    [
        (
            "venues",
            lambda: TalkFactory().venue,
            {"name": "Main library", "address": "100 Main Street, Denver, CO"},
        ),
        (
            "speakers",
            lambda: TalkFactory(speakers=[SpeakerFactory()]).speakers.get(),
            {"name": "Dr. New"},
        ),
        (
            "topics",
            lambda: TalkFactory(topics=[TopicFactory()]).topics.get(),
            {"name": "New", "slug": "new"},
        ),
        (
            "series",
            lambda: TalkFactory(series=SeriesFactory()).series,
            {"title": "New", "slug": "new"},
        ),
    ],
)
def test_an_edit_through_the_coordinator_pages_moves_the_feeds_etag(
    coordinator_client, kind, make, data
):
    thing = make()
    before = Client().get("/calendar.ics")["ETag"]

    response = coordinator_client.post(f"/coordinate/{kind}/{thing.pk}/", data)

    assert response.status_code == 302
    assert Client().get("/calendar.ics")["ETag"] != before


def test_a_new_speaker_moves_the_feeds_etag(coordinator_client):
    TalkFactory()
    before = Client().get("/calendar.ics")["ETag"]

    coordinator_client.post("/coordinate/speakers/new/", {"name": "Dr. New"})

    assert Client().get("/calendar.ics")["ETag"] != before


@pytest.mark.parametrize(
    ("kind", "make"),
    [
        ("venues", VenueFactory),
        ("speakers", SpeakerFactory),
        ("topics", TopicFactory),
        ("series", SeriesFactory),
    ],
)
def test_a_delete_through_the_coordinator_pages_moves_the_feeds_etag(
    coordinator_client, kind, make
):
    TalkFactory()
    thing = make()
    before = Client().get("/calendar.ics")["ETag"]

    coordinator_client.post(f"/coordinate/{kind}/{thing.pk}/delete/")

    assert Client().get("/calendar.ics")["ETag"] != before


def test_a_speakers_new_photo_replaces_the_old_file(
    coordinator_client, media, django_capture_on_commit_callbacks
):
    coordinator_client.post(
        "/coordinate/speakers/new/", {"name": "Dr. Ada", "photo": upload(PNG, "one.png")}
    )
    speaker = Speaker.objects.get()
    old = media / speaker.photo.name

    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(
            f"/coordinate/speakers/{speaker.pk}/",
            {"name": "Dr. Ada", "photo": upload(JPEG, "two.jpg")},
        )

    new = media / Speaker.objects.get().photo.name
    assert (old.exists(), new.read_bytes()) == (False, JPEG)


@pytest.mark.parametrize(
    ("kind", "model", "make"),
    [
        ("venues", Venue, lambda: TalkFactory().venue),  # with a talk each, counted
        ("speakers", Speaker, SpeakerFactory),
        ("topics", Topic, TopicFactory),
        ("series", Series, SeriesFactory),
    ],
)
def test_a_programme_list_costs_the_same_queries_at_two_sizes(
    coordinator_client, kind, model, make
):
    def queries_with(count: int) -> int:
        while model.objects.count() < count:
            make()
        with CaptureQueriesContext(connection) as captured:
            coordinator_client.get(f"/coordinate/{kind}/")
        return len(captured)

    assert queries_with(2) == queries_with(20)
