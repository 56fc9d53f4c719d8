"""Calendar feeds, assembled from cached VEVENTs.

Building a 5,000-talk calendar with icalendar's objects takes about a second, far too
slow for every poll. So each talk's VEVENT is serialised once and kept in the cache
under a fingerprint of everything it shows; a feed is its header, its VTIMEZONEs and
those pieces joined. The bytes are exactly what icalendar would write for the same
Calendar (tests compare the two), and they only change when the data does, so the
ETag can be computed from the data and a poll with nothing new answers 304 at once.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max
from django.utils.http import http_date, quote_etag

from events.calendar import calendar_add_timezones, feed_calendar, talk_vevent
from events.models import CalendarFeed, Rsvp, Talk, Topic

PUBLIC_WINDOW = timedelta(days=90)
CACHE_SECONDS = 60 * 60 * 24 * 7
END = b"END:VCALENDAR\r\n"


@dataclass(frozen=True)
class FeedOptions:
    """How a feed shows its talks. Only a person's own feed has join links or alarms."""

    discreet: bool = False
    online_link: bool = False
    alarms: bool = False


PUBLIC = FeedOptions()


# --- Which talks ----------------------------------------------------------------------------------


def talks_for_public_feed(now: datetime):
    """Published talks, upcoming and from the last 90 days; cancelled ones stay in."""
    return Talk.objects.listed().filter(end__gt=now - PUBLIC_WINDOW).order_by("start", "pk")


def talks_for_personal_feed(feed: CalendarFeed, now: datetime):
    going = Rsvp.objects.filter(email=feed.email, status=Rsvp.Status.CONFIRMED)
    return talks_for_public_feed(now).filter(pk__in=going.values("talk_id"))


def feed_options(feed: CalendarFeed) -> FeedOptions:
    return FeedOptions(discreet=feed.discreet_titles, online_link=True, alarms=feed.alarms)


# --- Validators: computed from the data, without building anything --------------------------------


def feed_validators(talks, options: FeedOptions, header: str) -> tuple[str, datetime | None]:
    """(ETag, Last-Modified) for a feed: they change exactly when its bytes would."""
    rows = list(talks.values_list("pk", "updated_at", "venue__updated_at"))
    topics_changed = Topic.objects.aggregate(latest=Max("updated_at"))["latest"]
    digest = hashlib.sha256()
    for part in (header, repr(options), _site_fingerprint(), repr(topics_changed), repr(rows)):
        digest.update(part.encode())
    stamps = [stamp for _pk, *changed in rows for stamp in changed if stamp]
    if topics_changed:
        stamps.append(topics_changed)
    return quote_etag(digest.hexdigest()[:32]), max(stamps, default=None)


def _site_fingerprint() -> str:
    return f"{settings.SITE_URL}|{settings.SITE_NAME}|{settings.ORGANIZER_EMAIL}"


# --- The pieces and the whole ---------------------------------------------------------------------


def vevent_fingerprint(talk: Talk, options: FeedOptions) -> str:
    """A cache key that changes whenever anything the talk's VEVENT shows changes."""
    venue = talk.venue
    shown = (
        talk.pk,
        talk.uid,
        talk.updated_at,
        talk.sequence,
        talk.title,
        talk.summary,
        talk.slug,
        talk.start,
        talk.end,
        talk.time_zone,
        talk.status,
        talk.online_url if options.online_link else "",
        talk.reminder_hours if options.alarms else None,
        venue and (venue.name, venue.address, venue.latitude, venue.longitude),
        [topic.name for topic in talk.topics.all()],
        options,
        _site_fingerprint(),
    )
    return "vevent:" + hashlib.sha256(repr(shown).encode()).hexdigest()


def vevents_serialised(talks: list[Talk], options: FeedOptions) -> list[bytes]:
    """Each talk's VEVENT as bytes, from the cache where possible."""
    keys = [vevent_fingerprint(talk, options) for talk in talks]
    cached = cache.get_many(keys)
    missing = {}
    pieces = []
    for key, talk in zip(keys, talks, strict=True):
        piece = cached.get(key)
        if piece is None:
            piece = talk_vevent(
                talk,
                discreet=options.discreet,
                online_link=options.online_link,
                alarms=options.alarms,
            ).to_ical()
            missing[key] = piece
        pieces.append(piece)
    if missing:
        cache.set_many(missing, CACHE_SECONDS)
    return pieces


def feed_header(*, name: str, description: str, url: str, talks: list[Talk]) -> bytes:
    """The calendar's properties and VTIMEZONEs: everything before the first VEVENT."""
    calendar = feed_calendar(name=name, description=description, url=url)
    calendar_add_timezones(calendar, talks)
    document = calendar.to_ical()
    return document.removesuffix(END)


def feed_document(
    talks, *, name: str, description: str, url: str, options: FeedOptions = PUBLIC
) -> bytes:
    talks = list(talks.select_related("venue").prefetch_related("topics"))
    header = feed_header(name=name, description=description, url=url, talks=talks)
    return b"".join([header, *vevents_serialised(talks, options), END])


def last_modified_header(moment: datetime | None) -> str | None:
    return http_date(moment.timestamp()) if moment else None
