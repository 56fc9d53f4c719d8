"""The one VEVENT builder: feeds, the single-talk download and email attachments all use it.

Rules it keeps (see ../shared/ICALENDAR.md): a UID that never changes; DTSTAMP and
LAST-MODIFIED from the talk's last change, never the time of the request; SEQUENCE
raised by every change a calendar shows; times in the talk's IANA zone with a
VTIMEZONE; no ATTENDEE and no join link unless the feed is the person's own.
"""

import re
from datetime import date, timedelta
from functools import lru_cache
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar, Event, Timezone, vCalAddress, vText

from events.models import Talk
from notifications.rendering import absolute

PRODID = "-//Community Talks//Talks Calendar//EN"
FEED_REFRESH = timedelta(hours=4)
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text: str) -> str:
    """User text without control characters, which break strict parsers."""
    return CONTROL_CHARACTERS.sub("", text)


def talk_uid(talk: Talk) -> str:
    return f"{talk.uid}@{urlsplit(settings.SITE_URL).hostname or 'localhost'}"


def talk_url(talk: Talk) -> str:
    return absolute(talk.get_absolute_url())


def talk_location(talk: Talk) -> str:
    if talk.venue is None:
        return _("Online")
    address = ", ".join(line.strip() for line in talk.venue.address.splitlines() if line.strip())
    return f"{talk.venue.name}, {address}"


def organizer() -> vCalAddress:
    address = vCalAddress(f"mailto:{settings.ORGANIZER_EMAIL}")
    address.params["cn"] = vText(settings.SITE_NAME)
    return address


def talk_vevent(
    talk: Talk, *, discreet: bool = False, online_link: bool = False, alarms: bool = False
) -> Event:
    """The VEVENT of a talk. `talk.topics` and `talk.venue` should be prefetched.

    `online_link` and `alarms` are for a person's own feed only: a public calendar never
    carries the join link.
    """
    event = Event()
    event.add("uid", talk_uid(talk))
    event.add("dtstamp", talk.updated_at)
    event.add("created", talk.created_at)
    event.add("last-modified", talk.updated_at)
    event.add("sequence", talk.sequence)
    event.add("dtstart", talk.start.astimezone(talk.tzinfo))
    event.add("dtend", talk.end.astimezone(talk.tzinfo))
    event.add("summary", _("Community talk") if discreet else clean_text(talk.title))
    # A talk's address usually spells its title: a discreet event links to "My talks".
    url = absolute(reverse("my_talks")) if discreet else talk_url(talk)
    description = [url] if discreet else [clean_text(talk.summary), url]
    if online_link and talk.online_url:
        description.append(_("Join online: %(url)s") % {"url": talk.online_url})
    event.add("description", "\n\n".join(description))
    event.add("location", clean_text(talk_location(talk)))
    if talk.venue and talk.venue.latitude is not None and talk.venue.longitude is not None:
        event.add("geo", (float(talk.venue.latitude), float(talk.venue.longitude)))
    event.add("url", url)
    topics = [clean_text(topic.name) for topic in talk.topics.all()]
    if topics and not discreet:
        event.add("categories", topics)
    event.add("status", "CANCELLED" if talk.status == Talk.Status.CANCELLED else "CONFIRMED")
    event.add("organizer", organizer())
    if alarms and talk.status != Talk.Status.CANCELLED:
        for hours in talk.reminder_hours or []:
            event.add_component(talk_alarm(event["summary"], hours))
    return event


def talk_alarm(summary: str, hours: int) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    alarm.add("trigger", -timedelta(hours=hours))
    return alarm


@lru_cache(maxsize=256)
def vtimezone(tzid: str, first_year: int, last_year: int) -> Timezone:
    """A VTIMEZONE for the years a calendar spans; building one is slow, so it is cached."""
    return Timezone.from_tzid(
        tzid, first_date=date(first_year, 1, 1), last_date=date(last_year, 12, 31)
    )


def calendar_new(*, method: str = "PUBLISH") -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    return calendar


def escape_verbatim(text: str) -> str:
    """Escape TEXT for NAME and the X- properties, which icalendar writes verbatim."""
    text = clean_text(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\n", "\\n")


def feed_calendar(*, name: str, description: str, url: str) -> Calendar:
    """A subscribable calendar's header (RFC 7986 and the de-facto X-WR names)."""
    calendar = calendar_new()
    calendar.add("name", escape_verbatim(name))
    calendar.add("x-wr-calname", escape_verbatim(name))
    calendar.add("description", description)
    calendar.add("x-wr-caldesc", escape_verbatim(description))
    calendar.add("refresh-interval", FEED_REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT4H")
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add("source", url, parameters={"VALUE": "URI"})
    return calendar


def calendar_add_timezones(calendar: Calendar, talks) -> None:
    """Add one VTIMEZONE per zone the talks use, spanning their years.

    `talks` are anything with `time_zone` and `start`: talks, or a feed's plain rows.
    """
    years: dict[str, list[int]] = {}
    for talk in talks:
        local = talk.start.astimezone(ZoneInfo(talk.time_zone))
        years.setdefault(talk.time_zone, []).append(local.year)
    for tzid, spans in sorted(years.items()):
        calendar.add_component(vtimezone(tzid, min(spans) - 1, max(spans) + 1))


def talk_ics(talk: Talk, *, discreet: bool = False) -> str:
    """One talk as a calendar file, for "Add to calendar" and email attachments."""
    calendar = calendar_new()
    calendar_add_timezones(calendar, [talk])
    calendar.add_component(talk_vevent(talk, discreet=discreet))
    return calendar.to_ical().decode()
