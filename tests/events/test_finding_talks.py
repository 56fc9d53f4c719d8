"""Finding talks: keyword search, the pages of a topic, a series and a speaker with their
feeds, the links that lead to them, the month select and what an empty list says."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from icalendar import Calendar

from tests.factories import SeriesFactory, SpeakerFactory, TalkFactory, TopicFactory

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return [talk.title for talk in response.context["page"].object_list]


def feed_summaries(response) -> list[str]:
    calendar = Calendar.from_ical(response.content)
    return sorted(str(event["SUMMARY"]) for event in calendar.walk("VEVENT"))


# --- Search -----------------------------------------------------------------------------------


@pytest.fixture
def catalogue(db):
    """Four talks, each findable by one field only, and a draft that matches everything."""
    TalkFactory(title="Microdosing myths", summary="Plain facts.", description="Plain.")
    TalkFactory(title="An evening talk", summary="Plain facts.", description="About insomnia.")
    TalkFactory(
        title="Meet the nurses",
        summary="Plain facts.",
        description="Plain.",
        speakers=[SpeakerFactory(name="Dr. Imelda Quispe")],
    )
    TalkFactory(
        title="Questions answered",
        summary="Plain facts.",
        description="Plain.",
        topics=[TopicFactory(name="Veterans", slug="veterans")],
    )
    TalkFactory(
        title="Microdosing insomnia Quispe Veterans draft",
        status="draft",
        speakers=[SpeakerFactory(name="Quispe")],
        topics=[TopicFactory(name="Veterans draft", slug="veterans-draft")],
    )


@pytest.mark.parametrize(
    ("words", "found"),
    [
        ("microdosing", ["Microdosing myths"]),
        ("insomnia", ["An evening talk"]),
        ("Quispe", ["Meet the nurses"]),
        ("veterans", ["Questions answered"]),
    ],
)
def test_search_finds_listed_talks_by_title_description_speaker_and_topic(
    client, catalogue, words, found
):
    assert titles(client.get("/search/", {"q": words})) == found


def test_search_never_shows_a_draft(client, catalogue):
    page = client.get("/search/", {"q": "draft"}).content.decode()

    assert "No talks match “draft”." in page
    assert "Microdosing insomnia Quispe Veterans draft" not in page


def test_search_lists_upcoming_talks_before_past_ones(client):
    TalkFactory(title="Sleep, past", start=timezone.now() - timedelta(days=3))
    TalkFactory(title="Sleep, upcoming", start=timezone.now() + timedelta(days=30))

    assert titles(client.get("/search/", {"q": "sleep"})) == ["Sleep, upcoming", "Sleep, past"]


def test_search_with_no_match_says_what_to_do_next(client, catalogue):
    page = client.get("/search/", {"q": "zebra"}).content.decode()

    assert "No talks match “zebra”." in page
    assert '<a href="/">Browse all upcoming talks</a>' in page
    assert '<a href="#subscribe-heading">Subscribe to the calendar' in page


def test_search_refuses_a_query_too_long_and_searches_nothing(client, catalogue):
    response = client.get("/search/", {"q": "microdosing " * 1000})

    assert response.status_code == 200
    assert response.context["page"] is None
    assert "Ensure this value has at most 200 characters" in response.content.decode()


def test_home_page_search_form_sends_words_to_the_search_page(client):
    page = client.get("/").content.decode()

    assert '<form method="get" action="/search/" role="search"' in page
    assert '<label for="id_q">Search talks</label>' in page


# --- Topic, series and speaker pages ----------------------------------------------------------


def test_a_topic_page_lists_only_its_listed_talks_upcoming_and_past(client):
    sleep = TopicFactory(name="Sleep", slug="sleep")
    TalkFactory(title="Sleep soon", topics=[sleep])
    TalkFactory(title="Sleep before", topics=[sleep], start=timezone.now() - timedelta(days=9))
    TalkFactory(title="Sleep draft", topics=[sleep], status="draft")
    TalkFactory(title="Other topic", topics=[TopicFactory()])

    response = client.get("/topics/sleep/")

    assert titles(response) == ["Sleep soon"]
    assert [talk.title for talk in response.context["past"]] == ["Sleep before"]
    assert 'href="/talks/past/?topic=sleep">All past talks about Sleep</a>' in (
        response.content.decode()
    )


def test_a_series_page_lists_only_its_talks_and_subscribes_to_its_feed(client):
    series = SeriesFactory(slug="library", title="At the library", description="Every month.")
    TalkFactory(title="In the series", series=series)
    TalkFactory(title="Not in the series")

    response = client.get("/series/library/")

    page = response.content.decode()
    assert titles(response) == ["In the series"]
    assert "webcal://testserver/series/library/calendar.ics" in page
    assert '<p class="lead">Every month.</p>' in page


def test_a_speaker_page_lists_only_their_talks(client):
    speaker = SpeakerFactory(name="Dr. Ana Ruiz", bio="Psychiatrist.")
    TalkFactory(title="With Ana", speakers=[speaker])
    TalkFactory(title="Ana's draft", speakers=[speaker], status="draft")
    TalkFactory(title="Without Ana", speakers=[SpeakerFactory()])

    response = client.get(f"/speakers/{speaker.pk}/")

    assert titles(response) == ["With Ana"]
    assert f"webcal://testserver/speakers/{speaker.pk}/calendar.ics" in response.content.decode()


def test_a_speaker_with_only_drafts_has_no_page_and_no_feed(client):
    speaker = SpeakerFactory()
    TalkFactory(speakers=[speaker], status="draft")

    assert client.get(f"/speakers/{speaker.pk}/").status_code == 404
    assert client.get(f"/speakers/{speaker.pk}/calendar.ics").status_code == 404


def test_a_speaker_feed_has_only_their_listed_talks_and_answers_304_when_unchanged(client):
    speaker = SpeakerFactory(name="Dr. Ana Ruiz")
    TalkFactory(title="With Ana", speakers=[speaker])
    TalkFactory(title="Ana cancelled", speakers=[speaker], status="cancelled")
    TalkFactory(title="Ana draft", speakers=[speaker], status="draft")
    TalkFactory(title="Without Ana")

    response = client.get(f"/speakers/{speaker.pk}/calendar.ics")
    again = client.get(
        f"/speakers/{speaker.pk}/calendar.ics", headers={"if-none-match": response["ETag"]}
    )

    assert feed_summaries(response) == ["Ana cancelled", "With Ana"]
    assert "X-WR-CALNAME:Community Talks: Dr. Ana Ruiz" in response.content.decode()
    assert again.status_code == 304


def test_an_empty_topic_page_says_to_subscribe(client):
    TopicFactory(name="Sleep", slug="sleep")

    page = client.get("/topics/sleep/").content.decode()

    assert "No upcoming talks here yet." in page
    assert '<a href="#subscribe-heading">Subscribe to the calendar' in page
    assert '<h2 id="subscribe-heading">Subscribe to “Sleep”</h2>' in page


# --- Links to those pages ---------------------------------------------------------------------


def test_talk_cards_link_their_topics_and_series(client):
    series = SeriesFactory(slug="library", title="At the library")
    TalkFactory(topics=[TopicFactory(name="Sleep", slug="sleep")], series=series)

    page = client.get("/").content.decode()

    assert '<a class="topic" href="/topics/sleep/">Sleep</a>' in page
    assert '<a href="/series/library/">At the library</a>' in page


def test_a_talk_page_links_its_topics_series_and_speakers(client):
    speaker = SpeakerFactory(name="Dr. Ana Ruiz")
    series = SeriesFactory(slug="library", title="At the library")
    talk = TalkFactory(topics=[TopicFactory(name="Sleep", slug="sleep")], series=series)
    talk.speakers.set([speaker])

    page = client.get(talk.get_absolute_url()).content.decode()

    assert '<a class="topic" href="/topics/sleep/">Sleep</a>' in page
    assert '<dd><a href="/series/library/">At the library</a></dd>' in page
    assert f'<h3><a href="/speakers/{speaker.pk}/">Dr. Ana Ruiz</a></h3>' in page


# --- Share previews ---------------------------------------------------------------------------


def share_tags(response) -> dict:
    pattern = r'<meta (?:name|property)="((?:og:|twitter:)?\w+)" content="([^"]*)">'
    return dict(re.findall(pattern, response.content.decode()))


def test_a_talk_page_previews_with_its_title_and_summary(client, settings):
    talk = TalkFactory(title="Sleep & ketamine", summary="What helps <sleep>.")

    tags = share_tags(client.get(talk.get_absolute_url()))

    assert tags == {
        "viewport": "width=device-width, initial-scale=1",
        "description": "What helps &lt;sleep&gt;.",
        "og:type": "article",
        "og:site_name": "Community Talks",
        "og:title": "Sleep &amp; ketamine",
        "og:description": "What helps &lt;sleep&gt;.",
        "og:url": f"{settings.SITE_URL}{talk.get_absolute_url()}",
        "twitter:card": "summary",
        "twitter:title": "Sleep &amp; ketamine",
        "twitter:description": "What helps &lt;sleep&gt;.",
    }


def test_topic_series_and_speaker_pages_preview_with_what_they_are(client, settings):
    speaker = SpeakerFactory(name="Dr. Ana Ruiz", bio="Psychiatrist.")
    series = SeriesFactory(slug="library", title="At the library", description="")
    TalkFactory(
        speakers=[speaker], series=series, topics=[TopicFactory(name="Sleep", slug="sleep")]
    )

    found = {
        path: (tags["og:title"], tags["description"], tags["og:url"])
        for path in ("/topics/sleep/", "/series/library/", f"/speakers/{speaker.pk}/")
        for tags in [share_tags(client.get(path))]
    }

    assert found == {
        "/topics/sleep/": (
            "Sleep",
            "Free public talks about Sleep.",
            f"{settings.SITE_URL}/topics/sleep/",
        ),
        "/series/library/": (
            "At the library",
            "A series of free public talks.",
            f"{settings.SITE_URL}/series/library/",
        ),
        f"/speakers/{speaker.pk}/": (
            "Dr. Ana Ruiz",
            "Psychiatrist.",
            f"{settings.SITE_URL}/speakers/{speaker.pk}/",
        ),
    }


# --- The month select -------------------------------------------------------------------------


@time_machine.travel("2030-03-10 12:00 -0600", tick=False)
def test_the_month_select_offers_the_next_twelve_months_and_keeps_the_choice(client):
    TalkFactory(title="March", start=timezone.now() + timedelta(days=5))
    TalkFactory(title="April", start=timezone.now() + timedelta(days=35))

    response = client.get("/", {"month": "2030-04"})

    page = response.content.decode()
    options = re.findall(
        r'<option value="([^"]*)"( selected)?>', page.split('name="month"')[1].split("</select>")[0]
    )
    assert titles(response) == ["April"]
    assert '<label for="id_month">Month</label>' in page
    assert [value for value, _selected in options] == [
        "",
        "2030-03",
        "2030-04",
        "2030-05",
        "2030-06",
        "2030-07",
        "2030-08",
        "2030-09",
        "2030-10",
        "2030-11",
        "2030-12",
        "2031-01",
        "2031-02",
    ]
    assert [value for value, selected in options if selected] == ["2030-04"]
    assert '<option value="2030-04" selected>April 2030</option>' in page


@time_machine.travel("2030-03-10 12:00 -0600", tick=False)
def test_the_past_talks_month_select_offers_the_last_twelve_months(client):
    page = client.get("/talks/past/").content.decode()

    months = re.findall(r'<option value="(\d{4}-\d\d)"', page)
    assert (months[0], months[-1], len(months)) == ("2030-03", "2029-04", 12)


@time_machine.travel("2030-03-10 12:00 -0600", tick=False)
def test_a_month_from_an_old_link_still_filters_and_stays_chosen(client):
    TalkFactory(title="Next year", start=timezone.now() + timedelta(days=400))

    response = client.get("/", {"month": "2031-04"})

    assert titles(response) == ["Next year"]
    assert '<option value="2031-04" selected>April 2031</option>' in response.content.decode()


def test_filters_that_match_nothing_offer_to_clear_them(client):
    TalkFactory(title="In person")

    page = client.get("/", {"format": "online"}).content.decode()

    assert "No talks match these filters." in page
    assert '<a href="/">Clear the filters to see every talk.</a>' in page
