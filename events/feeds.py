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
from django.core.cache import caches
from django.db.models import Max
from django.utils.http import http_date, quote_etag

from events.calendar import calendar_add_timezones, feed_calendar, talk_vevent
from events.models import CalendarFeed, Rsvp, Talk, Topic

PUBLIC_WINDOW = timedelta(days=90)
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


def feed_validators(
    talks, options: FeedOptions, header: str, extra_stamps=()
) -> tuple[str, datetime | None]:
    """(ETag, Last-Modified) for a feed, from its talks' ids and latest changes: nothing
    is built.

    Sound because every change to what a feed shows stamps `updated_at` with the time
    of the change (a talk's, its venue's or a topic's), which moves a maximum, and a
    talk joining or leaving the feed changes the list of ids. `extra_stamps` are other
    moments the feed depends on (a person's RSVPs, for their own feed).
    """
    ids = list(talks.order_by("pk").values_list("pk", flat=True))
    latest = talks.aggregate(talks=Max("updated_at"), venues=Max("venue__updated_at"))
    topics_changed = Topic.objects.aggregate(latest=Max("updated_at"))["latest"]
    stamps = [latest["talks"], latest["venues"], topics_changed, *extra_stamps]
    digest = hashlib.sha256()
    for part in (header, repr(options), _site_fingerprint(), repr(ids), repr(stamps)):
        digest.update(part.encode())
    return quote_etag(digest.hexdigest()[:32]), max(filter(None, stamps), default=None)


def window_stamp(now: datetime) -> datetime | None:
    """When the latest talk left the feeds' 90-day window: the feeds changed then, and a
    client asking If-Modified-Since must hear so even though no talk was edited."""
    departed = Talk.objects.listed().filter(end__lte=now - PUBLIC_WINDOW)
    latest_end = departed.aggregate(latest=Max("end"))["latest"]
    return latest_end + PUBLIC_WINDOW if latest_end else None


def personal_feed_stamps(feed: CalendarFeed) -> list:
    """When this person last became confirmed for, or left, a talk, and when they last
    changed the feed's settings (alarms, discreet titles)."""
    moments = Rsvp.objects.filter(email=feed.email).aggregate(
        confirmed=Max("confirmed_at"), cancelled=Max("cancelled_at")
    )
    return [moments["confirmed"], moments["cancelled"], feed.created_at, feed.updated_at]


def _site_fingerprint() -> str:
    return f"{settings.SITE_URL}|{settings.SITE_NAME}|{settings.ORGANIZER_EMAIL}"


# --- The pieces and the whole ---------------------------------------------------------------------


# Everything a VEVENT shows, read as plain rows: no model instances on the warm path.
SHOWN = (
    "pk",
    "uid",
    "updated_at",
    "created_at",
    "sequence",
    "title",
    "summary",
    "slug",
    "start",
    "end",
    "time_zone",
    "status",
    "online_url",
    "reminder_hours",
    "venue__name",
    "venue__address",
    "venue__latitude",
    "venue__longitude",
)


@dataclass(frozen=True)
class ShownTalk:
    pk: int
    time_zone: str
    start: datetime
    key: str


def shown_talks(talks, options: FeedOptions) -> list[ShownTalk]:
    """Each talk's cache key, from two plain queries (the talks' rows and topic names)."""
    topics: dict[int, list[str]] = {}
    pairs = Talk.topics.through.objects.filter(talk__in=talks.values("pk"))
    for talk_id, name in pairs.order_by("topic__name").values_list("talk_id", "topic__name"):
        topics.setdefault(talk_id, []).append(name)
    site = _site_fingerprint()
    shown = []
    for row in talks.values_list(*SHOWN):
        pk, time_zone, start = row[0], row[10], row[8]
        fingerprint = repr((row, topics.get(pk, []), options, site))
        key = "vevent:" + hashlib.sha256(fingerprint.encode()).hexdigest()
        shown.append(ShownTalk(pk=pk, time_zone=time_zone, start=start, key=key))
    return shown


def vevents_serialised(shown: list[ShownTalk], options: FeedOptions) -> list[bytes]:
    """Each talk's VEVENT as bytes, from the cache; the missing ones are built and kept."""
    cache = caches["calendar"]
    cached = cache.get_many([talk.key for talk in shown])
    missing = [talk for talk in shown if talk.key not in cached]
    if missing:
        built = Talk.objects.filter(pk__in=[talk.pk for talk in missing])
        by_pk = {t.pk: t for t in built.select_related("venue").prefetch_related("topics")}
        fresh = {
            talk.key: talk_vevent(
                by_pk[talk.pk],
                discreet=options.discreet,
                online_link=options.online_link,
                alarms=options.alarms,
            ).to_ical()
            for talk in missing
        }
        cache.set_many(fresh)  # kept for the alias's TIMEOUT (config/settings.py)
        cached.update(fresh)
    return [cached[talk.key] for talk in shown]


def feed_header(*, name: str, description: str, url: str, talks: list[ShownTalk]) -> bytes:
    """The calendar's properties and VTIMEZONEs: everything before the first VEVENT."""
    calendar = feed_calendar(name=name, description=description, url=url)
    calendar_add_timezones(calendar, talks)
    document = calendar.to_ical()
    return document.removesuffix(END)


def feed_document(
    talks, *, name: str, description: str, url: str, options: FeedOptions = PUBLIC
) -> bytes:
    shown = shown_talks(talks, options)
    header = feed_header(name=name, description=description, url=url, talks=shown)
    return b"".join([header, *vevents_serialised(shown, options), END])


def last_modified_header(moment: datetime | None) -> str | None:
    return http_date(moment.timestamp()) if moment else None


def feed_document_cached(etag: str, build) -> bytes:
    """The feed for this ETag: built once, then served as is until the data changes."""
    documents = caches["calendar_documents"]
    body = documents.get(etag)
    if body is None:
        body = build()
        documents.set(etag, body)
    return body
