"""Calendar feeds: what every calendar app needs, checked with parsers that are not ours."""

import itertools
import json
import re
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.robotparser import RobotFileParser

import pytest
import time_machine
import vobject
from django.core.cache import caches
from django.utils import timezone
from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar

from events import services
from events.calendar import calendar_add_timezones, feed_calendar, talk_vevent
from events.feeds import PUBLIC, shown_talks, talks_for_public_feed
from events.models import Talk
from tests.conftest import IN_CI
from tests.factories import (
    CoordinatorFactory,
    RsvpFactory,
    SeriesFactory,
    TalkFactory,
    TopicFactory,
    UserFactory,
    VenueFactory,
)

ICALJS = Path(__file__).parent / "icaljs"
JOIN = "https://meet.example.org/private-room"
TRICKY_TITLE = 'Ketamine, "therapy"; a Q&A \\ with Zoë 🌱\nand friends'
LONG_DESCRIPTION = ("Line one.\nSee the notes\\n carefully; " * 6) + "Ende — ünïcödé ✓"


@pytest.fixture
def schedule(db):
    """Talks of every kind a feed must carry, and one it must not."""
    topic = TopicFactory(name="PTSD, trauma", slug="ptsd")
    series = SeriesFactory(slug="library")
    now = timezone.now()
    talks = {
        "tricky": TalkFactory(
            title=TRICKY_TITLE,
            summary=LONG_DESCRIPTION,
            topics=[topic],
            series=series,
            venue=VenueFactory(latitude="39.739200", longitude="-104.990300"),
        ),
        "online": TalkFactory(venue=None, online_url=JOIN, topics=[topic]),
        "london": TalkFactory(time_zone="Europe/London", series=series),
        "cancelled": TalkFactory(status="cancelled", sequence=3, topics=[topic]),
        "recent": TalkFactory(start=now - timedelta(days=10)),
    }
    services.talk_reschedule(
        talk=talks["london"],
        start=talks["london"].start + timedelta(days=1),
        end=talks["london"].end + timedelta(days=1),
        by=CoordinatorFactory(),
    )
    TalkFactory(status="draft")
    TalkFactory(start=now - timedelta(days=120))
    return talks


def expected(talks):
    """What the database says each listed talk is: uid -> (UTC start, summary, status)."""
    return {
        f"{t.uid}@127.0.0.1": (
            t.start.astimezone(UTC).replace(microsecond=0),  # iCalendar counts whole seconds
            t.title,
            "CANCELLED" if t.status == "cancelled" else "CONFIRMED",
        )
        for t in Talk.objects.filter(pk__in=[t.pk for t in talks])
    }


def by_icalendar(text):
    calendar = Calendar.from_ical(text)
    assert [c.errors for c in calendar.walk() if c.errors] == []
    assert calendar.get_missing_tzids() == set()
    return {
        str(e["UID"]): (e.decoded("DTSTART").astimezone(UTC), str(e["SUMMARY"]), str(e["STATUS"]))
        for e in calendar.walk("VEVENT")
    }


def by_ical(text):
    calendar = IcsCalendarStream.calendar_from_ics(text)
    return {e.uid: (e.dtstart.astimezone(UTC), e.summary, e.status.value) for e in calendar.events}


def by_vobject(text):
    calendar = vobject.readOne(text, validate=True)
    return {
        e.uid.value: (e.dtstart.value.astimezone(UTC), e.summary.value, e.status.value)
        for e in calendar.vevent_list
    }


def by_icaljs(text, method="PUBLISH"):
    if not shutil.which("node") or not (ICALJS / "node_modules").exists():
        if IN_CI:
            pytest.fail("ical.js is missing: .ci/run runs npm ci in tests/events/icaljs")
        pytest.skip("node and ical.js are not installed (npm ci in tests/events/icaljs)")
    result = subprocess.run(
        ["node", "parse.mjs"],
        cwd=ICALJS,
        input=text,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    parsed = json.loads(result.stdout)
    assert (parsed["prodid"], parsed["version"], parsed["method"]) == (
        "-//Outreach events service//Calendar 1.0//EN",
        "2.0",
        method,
    )
    assert all(event["dtstamp"] for event in parsed["events"])
    return {
        e["uid"]: (
            datetime.fromisoformat(e["start"].replace("Z", "+00:00")),
            e["summary"],
            e["status"],
        )
        for e in parsed["events"]
    }


PARSERS = [by_icalendar, by_ical, by_vobject, by_icaljs]


def personal_feed_url(email):
    return f"/calendar/me/{services.calendar_feed_for(email=email).token}.ics"


def feed_kinds(schedule):
    member = UserFactory()
    for talk in (schedule["tricky"], schedule["cancelled"], schedule["london"]):
        RsvpFactory(talk=talk, email=member.email, user=member)
    listed = [schedule[k] for k in ("tricky", "online", "london", "cancelled", "recent")]
    return {
        "public": ("/calendar.ics", listed),
        "topic": (
            "/topics/ptsd/calendar.ics",
            [schedule[k] for k in ("tricky", "online", "cancelled")],
        ),
        "series": ("/series/library/calendar.ics", [schedule["tricky"], schedule["london"]]),
        "personal": (
            personal_feed_url(member.email),
            [schedule[k] for k in ("tricky", "cancelled", "london")],
        ),
        "single": (f"/talks/{schedule['tricky'].slug}.ics", [schedule["tricky"]]),
    }


@pytest.mark.parametrize("parser", PARSERS, ids=lambda p: p.__name__)
def test_every_feed_kind_parses_and_matches_the_database(client, schedule, parser):
    for kind, (url, talks) in feed_kinds(schedule).items():
        response = client.get(url)

        assert response.status_code == 200, kind
        assert parser(response.content.decode()) == expected(talks), kind


def test_feed_is_exactly_what_icalendars_own_objects_produce(client, schedule):
    body = client.get("/calendar.ics").content
    talks = list(
        Talk.objects.listed()
        .filter(end__gt=timezone.now() - timedelta(days=90))
        .order_by("start", "pk")
        .select_related("venue")
        .prefetch_related("topics")
    )
    reference = feed_calendar(
        name="Community Talks",
        description="Free public talks from Community Talks.",
        url="http://testserver/calendar.ics",
    )
    calendar_add_timezones(reference, talks)
    for talk in talks:
        reference.add_component(talk_vevent(talk))

    ours, theirs = Calendar.from_ical(body), Calendar.from_ical(reference.to_ical())
    assert [c.name for c in ours.walk()] == [c.name for c in theirs.walk()]
    for mine, own in zip(ours.walk(), theirs.walk(), strict=True):
        assert list(mine.property_items(recursive=False)) == list(
            own.property_items(recursive=False)
        )
    assert body == reference.to_ical()


def test_feed_text_is_crlf_folded_at_75_octets_and_escaped(client, schedule):
    body = client.get("/calendar.ics").content

    lines = body.split(b"\r\n")
    assert b"\n" not in body.replace(b"\r\n", b"")
    assert max(len(line) for line in lines) <= 75
    for line in lines:
        line.decode("utf-8")  # no line ends inside a UTF-8 character
    for first, second in itertools.pairwise(lines):
        if second.startswith(b" "):
            trailing = len(first) - len(first.rstrip(b"\\"))
            assert trailing % 2 == 0, "a fold split an escape sequence"
    event = next(
        e for e in Calendar.from_ical(body).walk("VEVENT") if str(e["SUMMARY"]) == TRICKY_TITLE
    )
    assert str(event["DESCRIPTION"]).startswith(LONG_DESCRIPTION)
    assert [str(c) for c in event["CATEGORIES"].cats] == ["PTSD, trauma"]


def test_calendar_properties_follow_rfc_7986_with_names_escaped(client, schedule, settings):
    settings.SITE_NAME = "Clinic, Talks\nDenver"

    text = client.get("/calendar.ics").content.decode()

    header = text.split("BEGIN:VTIMEZONE")[0]
    for line in [
        "METHOD:PUBLISH",
        "CALSCALE:GREGORIAN",
        "VERSION:2.0",
        "NAME:Clinic\\, Talks\\nDenver",
        "X-WR-CALNAME:Clinic\\, Talks\\nDenver",
        "REFRESH-INTERVAL;VALUE=DURATION:PT4H",
        "X-PUBLISHED-TTL:PT4H",
        "X-WR-TIMEZONE:America/Denver",
        "SOURCE;VALUE=URI:http://testserver/calendar.ics",
    ]:
        assert f"\r\n{line}\r\n" in header, line
    assert "X-WR-CALDESC:Free public talks from Clinic\\, Talks\\nDenver." in header


def test_times_use_iana_zones_with_a_vtimezone_each(client, schedule):
    text = client.get("/calendar.ics").content.decode()

    tzids = set(re.findall(r"TZID=([^:;]+)", text))
    vtimezones = re.findall(r"BEGIN:VTIMEZONE\r\nTZID:([^\r]+)", text)
    assert tzids == {"America/Denver", "Europe/London"}
    assert sorted(vtimezones) == sorted(tzids)
    assert re.findall(r"(DTSTAMP|CREATED|LAST-MODIFIED);TZID", text) == []
    assert "TZID:GMT" not in text
    assert "TZID=MST" not in text


def test_cancelled_and_rescheduled_talks_keep_their_uid_with_a_higher_sequence(client, schedule):
    london, cancelled = schedule["london"], schedule["cancelled"]
    events = {
        str(e["UID"]): e
        for e in Calendar.from_ical(client.get("/calendar.ics").content).walk("VEVENT")
    }

    assert events[f"{london.uid}@127.0.0.1"]["SEQUENCE"] == 1
    assert (
        str(events[f"{cancelled.uid}@127.0.0.1"]["STATUS"]),
        events[f"{cancelled.uid}@127.0.0.1"]["SEQUENCE"],
    ) == ("CANCELLED", 3)


def test_public_feeds_never_carry_attendees_counts_or_join_links(client, schedule):
    RsvpFactory.create_batch(3, talk=schedule["online"])

    text = client.get("/calendar.ics").content.decode()

    assert JOIN not in text
    assert "ATTENDEE" not in text
    assert "attendee" not in text.lower()


def test_personal_feed_has_join_links_and_optional_alarms_and_discreet_titles(client, schedule):
    member = UserFactory()
    RsvpFactory(talk=schedule["online"], email=member.email, user=member)
    RsvpFactory(talk=schedule["tricky"], email=member.email, user=member, status="waitlisted")
    feed = services.calendar_feed_for(email=member.email)
    url = f"/calendar/me/{feed.token}.ics"

    plain = client.get(url).content.decode()
    services.calendar_feed_update(feed=feed, alarms=True, discreet_titles=True)
    dressed = Calendar.from_ical(client.get(url).content)

    assert JOIN in plain.replace("\r\n ", "")
    assert "BEGIN:VALARM" not in plain
    assert TRICKY_TITLE.split(",")[0] not in plain  # only the talk they are going to
    event = dressed.walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Community talk"
    assert [str(a["TRIGGER"].to_ical(), "ascii") for a in event.walk("VALARM")] == [
        "-P1D",
        "-PT2H",
    ]


def test_feed_responses_are_inline_with_validators_and_the_download_is_an_attachment(
    client, schedule
):
    feed = client.get("/calendar.ics")
    personal = client.get(personal_feed_url(UserFactory().email))
    download = client.get(f"/talks/{schedule['tricky'].slug}.ics")

    assert feed["Content-Type"] == "text/calendar; charset=utf-8"
    assert "Content-Disposition" not in feed
    assert feed["ETag"].startswith('"')
    assert feed["Last-Modified"]
    assert feed["Cache-Control"] == "public, max-age=3600"
    assert personal["Cache-Control"] == "private, max-age=0, must-revalidate"
    assert (
        download["Content-Disposition"] == f'attachment; filename="{schedule["tricky"].slug}.ics"'
    )


def test_unchanged_feed_answers_304_without_building_it(
    client, schedule, django_assert_num_queries
):
    first = client.get("/calendar.ics")
    caches["calendar"].clear()

    with django_assert_num_queries(0):  # the validators are kept until the schedule changes
        by_etag = client.get("/calendar.ics", HTTP_IF_NONE_MATCH=first["ETag"])
    by_date = client.get("/calendar.ics", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert (by_etag.status_code, by_etag.content, by_etag["ETag"]) == (304, b"", first["ETag"])
    assert by_date.status_code == 304
    keys = [talk.key for talk in shown_talks(talks_for_public_feed(timezone.now()), PUBLIC)]
    assert caches["calendar"].get_many(keys) == {}  # nothing was built


def test_a_change_gives_a_new_etag_and_the_same_bytes_otherwise(client, schedule):
    first, again = client.get("/calendar.ics"), client.get("/calendar.ics")

    services.talk_update(talk=schedule["recent"], by=CoordinatorFactory(), title="Renamed")
    changed = client.get("/calendar.ics", HTTP_IF_NONE_MATCH=first["ETag"])

    assert (first.content, first["ETag"]) == (again.content, again["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]
    assert b"SUMMARY:Renamed" in changed.content


def test_head_answers_like_get_without_a_body(client, schedule):
    response = client.head("/calendar.ics")

    assert (response.status_code, response.content) == (200, b"")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"


def test_revoked_personal_feed_answers_404(client, db):
    feed = services.calendar_feed_for(email="sam@example.org")
    old = f"/calendar/me/{feed.token}.ics"

    services.calendar_feed_rotate(feed=feed)

    assert client.get(old).status_code == 404
    assert client.get(f"/calendar/me/{feed.token}.ics").status_code == 200
    assert client.get("/calendar/me/never-existed.ics").status_code == 404


def test_robots_txt_lets_calendar_fetchers_read_every_feed(client, db):
    robots = RobotFileParser()
    robots.parse(client.get("/robots.txt").content.decode().splitlines())

    for path in [
        "/calendar.ics",
        "/topics/ptsd/calendar.ics",
        "/series/s/calendar.ics",
        "/calendar/me/t.ics",
        "/talks/x.ics",
    ]:
        assert robots.can_fetch("Google-Calendar-Importer", f"http://testserver{path}"), path
    for path in ["/coordinate/", "/rsvp/a-token/", "/data/a-token/", "/calendar/me/t.ics"]:
        assert not robots.can_fetch("Googlebot", f"http://testserver{path}"), path
        assert not robots.can_fetch("SomeCrawler", f"http://testserver{path}"), path


@pytest.mark.parametrize("talks", [3, 30])
def test_feed_query_count_does_not_grow_with_talks(client, db, django_assert_num_queries, talks):
    topic = TopicFactory()
    for n in range(talks):
        TalkFactory(start=timezone.now() + timedelta(days=n + 1), topics=[topic])

    # the validators (the version and the window in one read, the window's next move),
    # the rows, their topics, their co-hosts (outreach, events/hooks.py), the build (2)
    with django_assert_num_queries(7):
        cold = client.get("/calendar.ics")
    with django_assert_num_queries(0):  # validators kept; the document is kept by ETag
        warm = client.get("/calendar.ics")
    caches["calendar_documents"].clear()
    with django_assert_num_queries(3):  # reassembled (rows, topics, co-hosts), VEVENTs cached
        reassembled = client.get("/calendar.ics")

    assert cold.content.count(b"BEGIN:VEVENT") == talks
    assert warm.content == reassembled.content == cold.content


def test_talk_page_offers_calendar_links_and_the_home_page_subscription(client, schedule):
    talk = schedule["london"]

    page = client.get(talk.get_absolute_url()).content.decode()
    home = client.get("/").content.decode()

    assert f'href="/talks/{talk.slug}.ics"' in page
    assert "https://calendar.google.com/calendar/render?action=TEMPLATE" in page
    assert "https://outlook.live.com/calendar/0/deeplink/compose?" in page
    assert 'href="webcal://testserver/calendar.ics"' in home
    assert "cid=webcal%3A%2F%2Ftestserver%2Fcalendar.ics" in home


def test_my_talks_page_shows_the_personal_feed_and_can_renew_it(client, db):
    member = UserFactory()
    client.force_login(member)
    feed = services.calendar_feed_for(email=member.email)
    old_token = feed.token

    page = client.get("/me/talks/").content.decode()
    client.post("/me/calendar/", {"rotate": "on"})

    feed.refresh_from_db()
    assert f"webcal://testserver/calendar/me/{old_token}.ics" in page
    assert feed.token != old_token


def test_a_talk_leaving_the_window_moves_last_modified(client, db):
    now = timezone.now()
    leaving = TalkFactory(start=now - timedelta(days=89, hours=23))
    TalkFactory(start=now + timedelta(days=3))
    Talk.objects.filter(pk=leaving.pk).update(updated_at=now)  # the newest change of all
    first = client.get("/calendar.ics")

    with time_machine.travel(now + timedelta(hours=3)):
        later = client.get("/calendar.ics", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert later.status_code == 200
    assert later.content.count(b"BEGIN:VEVENT") == 1


@pytest.mark.parametrize("topics", [1, 6])
def test_single_talk_download_query_count_is_fixed(client, db, django_assert_num_queries, topics):
    talk = TalkFactory(topics=TopicFactory.create_batch(topics))

    with django_assert_num_queries(3):  # the talk with its venue, validators (1), its topics
        first = client.get(f"/talks/{talk.slug}.ics")
    with django_assert_num_queries(2):  # the talk exists, validators (1)
        again = client.get(f"/talks/{talk.slug}.ics", HTTP_IF_NONE_MATCH=first["ETag"])

    assert (first.status_code, again.status_code) == (200, 304)
