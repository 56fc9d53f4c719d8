"""Links that put a talk or a feed into people's calendar apps. No tracking, no redirects."""

from datetime import UTC
from urllib.parse import urlencode, urlsplit, urlunsplit

from events.calendar import talk_location, talk_url
from events.models import Talk

UTC_STAMP = "%Y%m%dT%H%M%SZ"
ISO_UTC = "%Y-%m-%dT%H:%M:%SZ"


def webcal(url: str) -> str:
    """The same feed for calendar apps to subscribe to (webcal: opens them)."""
    return urlunsplit(("webcal", *urlsplit(url)[1:]))


def google_event_url(talk: Talk) -> str:
    start, end = talk.start.astimezone(UTC), talk.end.astimezone(UTC)
    query = {
        "action": "TEMPLATE",
        "text": talk.title,
        "dates": f"{start.strftime(UTC_STAMP)}/{end.strftime(UTC_STAMP)}",
        "details": f"{talk.summary}\n\n{talk_url(talk)}",
        "location": talk_location(talk),
        "ctz": talk.time_zone,
    }
    return "https://calendar.google.com/calendar/render?" + urlencode(query)


def outlook_event_url(talk: Talk) -> str:
    query = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": talk.title,
        "startdt": talk.start.astimezone(UTC).strftime(ISO_UTC),
        "enddt": talk.end.astimezone(UTC).strftime(ISO_UTC),
        "body": f"{talk.summary}\n\n{talk_url(talk)}",
        "location": talk_location(talk),
    }
    return "https://outlook.live.com/calendar/0/deeplink/compose?" + urlencode(query)


def google_subscribe_url(feed_url: str) -> str:
    return "https://calendar.google.com/calendar/render?" + urlencode({"cid": webcal(feed_url)})


def outlook_subscribe_url(feed_url: str, name: str) -> str:
    return "https://outlook.live.com/calendar/0/addfromweb?" + urlencode(
        {"url": feed_url, "name": name}
    )


def subscribe_links(feed_url: str, name: str) -> dict:
    return {
        "https": feed_url,
        "webcal": webcal(feed_url),
        "google": google_subscribe_url(feed_url),
        "outlook": outlook_subscribe_url(feed_url, name),
    }
