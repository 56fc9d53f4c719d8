"""A feed's validators come from the schedule's version: every change a feed shows moves
its ETag, time moves it when a talk leaves the window, and nothing else does. Big feeds
go gzipped to clients that ask, with an ETag of their own."""

import gzip
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import caches
from django.utils import timezone

from events import services
from events.feeds import PUBLIC_WINDOW
from tests.factories import (
    CoordinatorFactory,
    SeriesFactory,
    SpeakerFactory,
    TalkFactory,
    TopicFactory,
    UserFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db


def etag(client, path="/calendar.ics", **headers) -> str:
    return client.get(path, headers=headers)["ETag"]


def admin(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def coordinator():
    return CoordinatorFactory()


CHANGES = {
    "publish": lambda talk, by: services.talk_publish(talk=TalkFactory(status="draft"), by=by),
    "edit": lambda talk, by: services.talk_update(talk=talk, by=by, title="Renamed"),
    "reschedule": lambda talk, by: services.talk_reschedule(
        talk=talk, start=talk.start + timedelta(days=1), end=talk.end + timedelta(days=1), by=by
    ),
    "cancel": lambda talk, by: services.talk_cancel(talk=talk, message="Sorry.", by=by),
    "capacity": lambda talk, by: services.talk_capacity_change(talk=talk, capacity=99, by=by),
}


@pytest.mark.parametrize("change", CHANGES)
def test_every_change_to_a_talk_moves_the_feeds_etag(client, coordinator, change):
    talk = TalkFactory()
    before = etag(client)

    CHANGES[change](talk, coordinator)

    assert etag(client) != before


@pytest.mark.parametrize(
    ("model", "make", "form"),
    [
        ("topic", TopicFactory, {"name": "Renamed", "slug": "renamed"}),
        ("series", SeriesFactory, {"title": "Renamed", "slug": "renamed", "description": ""}),
        ("speaker", SpeakerFactory, {"name": "Renamed", "bio": ""}),
        (
            "venue",
            VenueFactory,
            {"name": "Renamed", "address": "1 Road", "accessibility_notes": ""},
        ),
    ],
)
def test_a_change_in_the_admin_moves_the_feeds_etag(client, model, make, form):
    thing = make()
    TalkFactory()
    before = etag(client)

    saved = admin(client).post(f"/admin/events/{model}/{thing.pk}/change/", form)

    assert saved.status_code == 302
    assert etag(client) != before


def test_a_delete_in_the_admin_moves_the_feeds_etag(client):
    talk = TalkFactory()
    before = etag(client)

    admin(client).post(f"/admin/events/talk/{talk.pk}/delete/", {"post": "yes"})

    assert etag(client) != before


def test_an_rsvp_does_not_move_the_public_feeds_etag(client):
    talk = TalkFactory()
    member = UserFactory()
    before = etag(client)

    services.rsvp_create(talk=talk, email=member.email, name="M", user=member)

    assert etag(client) == before


def test_a_talk_leaving_the_window_moves_the_etag_and_last_modified(client):
    talk = TalkFactory(start=timezone.now() - timedelta(days=80))
    TalkFactory()
    before = client.get("/calendar.ics")

    with time_machine.travel(talk.end + PUBLIC_WINDOW + timedelta(minutes=1), tick=False):
        after = client.get("/calendar.ics", HTTP_IF_MODIFIED_SINCE=before["Last-Modified"])

    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert after.content.count(b"BEGIN:VEVENT") == 1


def test_a_gzipped_feed_is_the_same_calendar_with_its_own_etag(client):
    TalkFactory.create_batch(3)

    plain = client.get("/calendar.ics")
    zipped = client.get("/calendar.ics", headers={"accept-encoding": "gzip, deflate"})
    again = client.get(
        "/calendar.ics",
        headers={"accept-encoding": "gzip", "if-none-match": zipped["ETag"]},
    )

    assert zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.content) == plain.content
    assert zipped["ETag"] == plain["ETag"][:-1] + '-gzip"'
    assert "Content-Encoding" not in plain
    for response in (plain, zipped, again):
        assert "Accept-Encoding" in response["Vary"].split(", ")
    assert (again.status_code, again["ETag"]) == (304, zipped["ETag"])


def test_a_plain_etag_sent_by_a_gzip_client_gets_the_whole_gzipped_feed(client):
    TalkFactory()
    plain = client.get("/calendar.ics")

    zipped = client.get(
        "/calendar.ics", headers={"accept-encoding": "gzip", "if-none-match": plain["ETag"]}
    )

    assert zipped.status_code == 200
    assert zipped["Content-Encoding"] == "gzip"


@pytest.mark.parametrize("talks", [2, 40])
def test_a_304_reads_no_database_whatever_the_number_of_talks(
    client, django_assert_num_queries, talks
):
    TalkFactory.create_batch(talks)
    first = client.get("/calendar.ics")

    with django_assert_num_queries(0):
        again = client.get("/calendar.ics", HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304


def test_validators_read_again_after_the_cache_is_lost_are_the_same(
    client, django_assert_num_queries
):
    """The ETag comes from the database's version: losing the cache changes no ETag,
    and finding it again is one indexed read (and one for the window's next move)."""
    TalkFactory.create_batch(2)
    first = client.get("/calendar.ics")
    caches["pages"].clear()

    with django_assert_num_queries(2):
        again = client.get("/calendar.ics", HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
