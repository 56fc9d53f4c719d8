"""The calendar builder's parts a feed test does not spell out: alarms and verbatim escapes."""

from datetime import UTC

import pytest

from events.calendar import feed_calendar, talk_uid, talk_vevent
from tests.factories import TalkFactory, VenueFactory


@pytest.mark.django_db
def test_personal_alarms_are_display_alarms_that_name_the_talk():
    talk = TalkFactory(title="Ketamine 101", reminder_hours=[24, 2])

    event = talk_vevent(talk, alarms=True)

    assert [
        (str(alarm["ACTION"]), str(alarm["DESCRIPTION"]), alarm["TRIGGER"].to_ical().decode())
        for alarm in event.walk("VALARM")
    ] == [("DISPLAY", "Ketamine 101", "-P1D"), ("DISPLAY", "Ketamine 101", "-PT2H")]


def test_feed_header_escapes_semicolons_commas_backslashes_and_line_breaks_once():
    calendar = feed_calendar(
        name="Clinic; talks, \\ Denver\r\nand\nonline",
        description="Line 1\r\nLine 2; a, b \\ c",
        url="https://talks.example.org/calendar.ics",
    )

    lines = calendar.to_ical().decode().split("\r\n")

    assert lines[5:13] == [
        "DESCRIPTION:Line 1\\nLine 2\\; a\\, b \\\\ c",
        "X-WR-CALDESC:Line 1\\nLine 2\\; a\\, b \\\\ c",
        "NAME:Clinic\\; talks\\, \\\\ Denver\\nand\\nonline",
        "X-WR-CALNAME:Clinic\\; talks\\, \\\\ Denver\\nand\\nonline",
        "REFRESH-INTERVAL;VALUE=DURATION:PT4H",
        "SOURCE;VALUE=URI:https://talks.example.org/calendar.ics",
        "X-PUBLISHED-TTL:PT4H",
        "X-WR-TIMEZONE:America/Denver",
    ]


JOIN = "https://meet.example.org/room"


@pytest.fixture
def talk(db):
    venue = VenueFactory(
        name="Library room",
        address=" 100 Main Street\n\nDenver, CO ",
        latitude="39.739200",
        longitude="-104.990300",
    )
    return TalkFactory(
        title="Ketamine\x07 101", summary="What it is.\x1b", venue=venue, online_url=JOIN
    )


def facts(event) -> dict:
    """Each property as the file spells it (escaped, before folding)."""
    values = {name: event[name].to_ical() for name in event}
    return {name: v.decode() if isinstance(v, bytes) else v for name, v in values.items()}


def test_public_vevent_states_every_fact_and_no_join_link(talk, settings):
    url = f"{settings.SITE_URL}/talks/{talk.slug}/"

    event = talk_vevent(talk)

    stamp = talk.updated_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    assert facts(event) == {
        "UID": f"{talk.uid}@127.0.0.1",
        "DTSTAMP": stamp,
        "CREATED": talk.created_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ"),
        "LAST-MODIFIED": stamp,
        "SEQUENCE": "0",
        "DTSTART": talk.start.astimezone(talk.tzinfo).strftime("%Y%m%dT%H%M%S"),
        "DTEND": talk.end.astimezone(talk.tzinfo).strftime("%Y%m%dT%H%M%S"),
        "SUMMARY": "Ketamine 101",
        "DESCRIPTION": f"What it is.\\n\\n{url}",
        "LOCATION": "Library room\\, 100 Main Street\\, Denver\\, CO",
        "GEO": "39.7392;-104.9903",
        "URL": url,
        "STATUS": "CONFIRMED",
        "ORGANIZER": f"mailto:{settings.ORGANIZER_EMAIL}",
    }
    assert str(event["ORGANIZER"].params["CN"]) == settings.SITE_NAME


def test_personal_vevent_adds_the_join_link_after_the_summary_and_address(talk, settings):
    url = f"{settings.SITE_URL}/talks/{talk.slug}/"

    event = talk_vevent(talk, online_link=True)

    assert str(event["DESCRIPTION"]) == f"What it is.\n\n{url}\n\nJoin online: {JOIN}"


def test_discreet_vevent_has_no_title_place_coordinates_link_or_organisation(talk):
    event = talk_vevent(talk, discreet=True, online_link=True)

    assert sorted(event) == [
        "CREATED",
        "DESCRIPTION",
        "DTEND",
        "DTSTAMP",
        "DTSTART",
        "LAST-MODIFIED",
        "ORGANIZER",
        "SEQUENCE",
        "STATUS",
        "SUMMARY",
        "UID",
    ]
    assert (str(event["SUMMARY"]), str(event["DESCRIPTION"])) == (
        "Community talk",
        f"Join online: {JOIN}",
    )
    assert dict(event["ORGANIZER"].params) == {}


@pytest.mark.django_db
def test_an_online_talk_is_located_online():
    event = talk_vevent(TalkFactory(venue=None, online_url=JOIN))

    assert (str(event["LOCATION"]), "GEO" in event) == ("Online", False)


@pytest.mark.django_db
def test_uid_falls_back_to_localhost_when_the_site_url_names_no_host(settings):
    talk = TalkFactory()
    settings.SITE_URL = ""

    assert talk_uid(talk) == f"{talk.uid}@localhost"
