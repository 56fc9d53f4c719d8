"""The one VEVENT builder: feeds, the single-talk download and email attachments all use it.

Rules it keeps (see ../shared/ICALENDAR.md): a UID that never changes; DTSTAMP and
LAST-MODIFIED from the talk's last change, never the time of the request; SEQUENCE
raised by every change a calendar shows; times in the talk's IANA zone with a
VTIMEZONE; no ATTENDEE and no join link unless the feed is the person's own.

Emailed files follow RFC 5546: PUBLISH puts the event in a calendar or updates it, CANCEL
takes it out. A discreet event names nothing (no title, topic, place or organisation) and
carries no link: a calendar others can see must lead them nowhere, and a link to the
person's RSVP would be a key to it. The details are in the person's email.
"""

import re
from collections.abc import Sequence
from datetime import date, timedelta
from functools import lru_cache
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar, Event, Timezone, vCalAddress, vText

from events.models import Talk
from notifications.rendering import absolute

# Names the software, never the organisation: a discreet file must not name who sent it.
PRODID = "-//Outreach events service//Calendar 1.0//EN"
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


def organizer(*, discreet: bool = False) -> vCalAddress:
    """Who runs the talk; a discreet event gives the address only, not the site's name."""
    address = vCalAddress(f"mailto:{settings.ORGANIZER_EMAIL}")
    if not discreet:
        address.params["cn"] = vText(settings.SITE_NAME)
    return address


def talk_vevent(
    talk: Talk,
    *,
    discreet: bool = False,
    online_link: bool = False,
    alarms: bool = False,
    withdrawn: bool = False,
    cohosts: Sequence[str] = (),
) -> Event:
    """The VEVENT of a talk. `talk.topics` and `talk.venue` should be prefetched.
    `cohosts` are the names of the organisations that co-host it (events/hooks.py).

    `online_link` and `alarms` are for a person's own feed only: a public calendar never
    carries the join link. A `discreet` event has no title, topic, place or link (a talk's
    address spells its title; a link to the person's RSVP would be a key). `withdrawn` is one
    person's copy after they cancelled their RSVP: cancelled, with a SEQUENCE one above the
    talk's so that it supersedes the copy they hold (see events/emails.py).
    """
    event = Event()
    event.add("uid", talk_uid(talk))
    event.add("dtstamp", talk.updated_at)
    event.add("created", talk.created_at)
    event.add("last-modified", talk.updated_at)
    event.add("sequence", talk.sequence + 1 if withdrawn else talk.sequence)
    event.add("dtstart", talk.start.astimezone(talk.tzinfo))
    event.add("dtend", talk.end.astimezone(talk.tzinfo))
    event.add("summary", _("Community talk") if discreet else clean_text(talk.title))
    description = [] if discreet else [clean_text(talk.summary), talk_url(talk)]
    if cohosts and not discreet:
        description.insert(1, cohosted_line(cohosts))
    if online_link and talk.online_url:
        description.append(_("Join online: %(url)s") % {"url": talk.online_url})
    if description:
        event.add("description", "\n\n".join(description))
    if not discreet:
        event.add("location", clean_text(talk_location(talk)))
    venue = talk.venue
    if not discreet and venue and venue.latitude is not None and venue.longitude is not None:
        event.add("geo", (float(venue.latitude), float(venue.longitude)))
    if not discreet:
        event.add("url", talk_url(talk))
    if not discreet:
        topics = [clean_text(topic.name) for topic in talk.topics.all()]
        if topics:
            event.add("categories", topics)
    cancelled = withdrawn or talk.status == Talk.Status.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("organizer", organizer(discreet=discreet))
    if alarms and talk.status != Talk.Status.CANCELLED:
        for hours in talk.reminder_hours or []:
            event.add_component(talk_alarm(event["summary"], hours))
    return event


def cohosted_line(names: Sequence[str]) -> str:
    """ "Co-hosted with A", "Co-hosted with A and B", "Co-hosted with A, B and C"."""
    names = [clean_text(name) for name in names]
    if len(names) == 1:
        return _("Co-hosted with %(name)s") % {"name": names[0]}
    return _("Co-hosted with %(names)s and %(last)s") % {
        "names": ", ".join(names[:-1]),
        "last": names[-1],
    }


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


def _single(talk: Talk, event: Event, *, method: str) -> str:
    calendar = calendar_new(method=method)
    calendar_add_timezones(calendar, [talk])
    calendar.add_component(event)
    return calendar.to_ical().decode()


def talk_ics(talk: Talk) -> str:
    """One talk as a calendar file for "Add to calendar": published, like the feeds."""
    return _single(talk, talk_vevent(talk), method="PUBLISH")


def emailed_ics(talk: Talk, *, discreet: bool = False, withdrawn: bool = False) -> str:
    """A talk as an email attachment: CANCEL once the talk is cancelled or the person's RSVP
    is (`withdrawn`), PUBLISH otherwise."""
    cancel = withdrawn or talk.status == Talk.Status.CANCELLED
    event = talk_vevent(talk, discreet=discreet, withdrawn=withdrawn)
    return _single(talk, event, method="CANCEL" if cancel else "PUBLISH")
