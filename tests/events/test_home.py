import re
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from tests.factories import RsvpFactory, SpeakerFactory, TalkFactory, TopicFactory


def without_csrf_token(response) -> str:
    """A page's HTML but for its forms' CSRF token, which is masked anew each time."""
    return re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", response.content.decode())


def make_talks(count: int, *, rsvps_each: int = 2):
    topic = TopicFactory(name="PTSD", slug="ptsd")
    for n in range(count):
        talk = TalkFactory(
            start=timezone.now() + timedelta(days=n + 1),
            topics=[topic],
            speakers=[SpeakerFactory()],
        )
        RsvpFactory.create_batch(rsvps_each, talk=talk)


@pytest.mark.django_db
def test_home_page_has_landmarks_and_a_skip_link(client):
    response = client.get("/")

    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in page
    assert '<a class="skip-link" href="#main">Skip to main content</a>' in page
    assert '<nav aria-label="Main">' in page
    assert '<main id="main" tabindex="-1">' in page
    assert "<h1>Free public talks</h1>" in page


@pytest.mark.django_db
@pytest.mark.parametrize("talks", [2, 45])
def test_home_page_query_count_does_not_grow_with_talks(client, django_assert_num_queries, talks):
    make_talks(talks)

    # the longest talk's length, the page's talks, their topics, when the next talk ends,
    # the topic filter's choices
    with django_assert_num_queries(5):
        first = client.get("/")
    with django_assert_num_queries(0):  # kept, and current: the versions are in the cache
        again = client.get("/")

    assert len(first.context["page"].object_list) == min(talks, 20)
    assert first.context["page"].has_next == (talks > 20)
    assert without_csrf_token(again) == without_csrf_token(first)


@pytest.mark.django_db
def test_home_lists_upcoming_published_talks_soonest_first_with_seats_left(client):
    later = TalkFactory(title="Later", start=timezone.now() + timedelta(days=9), capacity=10)
    sooner = TalkFactory(title="Sooner", start=timezone.now() + timedelta(days=2), capacity=2)
    TalkFactory(title="Draft", status="draft")
    TalkFactory(title="Past", start=timezone.now() - timedelta(days=3))
    RsvpFactory.create_batch(2, talk=sooner)
    RsvpFactory(talk=later, party_size=3)

    response = client.get("/")

    talks = list(response.context["page"].object_list)
    assert [(t.title, t.availability) for t in talks] == [
        ("Sooner", "Waitlist open"),
        ("Later", "7 seats left"),
    ]


@pytest.mark.django_db
def test_home_shows_date_in_the_talks_own_time_zone(client):
    start = datetime(2030, 3, 12, 17, 30, tzinfo=UTC)
    TalkFactory(time_zone="Europe/London", start=start)

    page = client.get("/").content.decode()

    assert "Tue 12 Mar 2030, 17:30" in page


@pytest.mark.django_db
def test_home_filters_by_topic_and_format(client):
    ptsd = TopicFactory(name="PTSD", slug="ptsd")
    TalkFactory(title="In person PTSD", topics=[ptsd])
    TalkFactory(
        title="Online PTSD", topics=[ptsd], venue=None, online_url="https://meet.example.org/x"
    )
    TalkFactory(title="Other topic")

    by_topic = client.get("/", {"topic": "ptsd"}).context["page"].object_list
    online = client.get("/", {"topic": "ptsd", "format": "online"}).context["page"].object_list

    assert sorted(t.title for t in by_topic) == ["In person PTSD", "Online PTSD"]
    assert [t.title for t in online] == ["Online PTSD"]


@pytest.mark.django_db
def test_home_filters_by_month(client):
    TalkFactory(title="March", start=datetime(2030, 3, 12, 18, tzinfo=UTC))
    TalkFactory(title="April", start=datetime(2030, 4, 12, 18, tzinfo=UTC))

    talks = client.get("/", {"month": "2030-04"}).context["page"].object_list

    assert [t.title for t in talks] == ["April"]


@pytest.mark.django_db
def test_home_paginates_and_keeps_filters_in_page_links(client):
    for n in range(25):
        TalkFactory(start=timezone.now() + timedelta(days=n + 1))

    response = client.get("/", {"format": "in_person"})

    page = response.content.decode()
    assert len(response.context["page"].object_list) == 20
    assert 'href="?format=in_person&amp;page=2"' in page


@pytest.mark.django_db
def test_past_talks_archive_lists_finished_talks_newest_first(client):
    TalkFactory(title="Old", start=timezone.now() - timedelta(days=30))
    TalkFactory(title="Recent", start=timezone.now() - timedelta(days=2))
    TalkFactory(title="Upcoming")

    talks = client.get("/talks/past/").context["page"].object_list

    assert [t.title for t in talks] == ["Recent", "Old"]


@pytest.mark.django_db
def test_a_past_talk_shows_no_seats_left_on_the_archive_or_its_page(client):
    talk = TalkFactory(capacity=30, start=timezone.now() - timedelta(days=2))
    RsvpFactory(talk=talk)

    archive = client.get("/talks/past/").content.decode()
    page = client.get(talk.get_absolute_url()).content.decode()

    assert "seats left" not in archive
    assert "seats left" not in page
    assert "This talk has ended" in archive
