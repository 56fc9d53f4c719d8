"""Calendar feeds, assembled from cached VEVENTs.

Building a 5,000-talk calendar with icalendar's objects takes about a second, far too
slow for every poll. So each talk's VEVENT is serialised once and kept in the cache
under a fingerprint of everything it shows; a feed is its header, its VTIMEZONEs and
those pieces joined. The bytes are exactly what icalendar would write for the same
Calendar (tests compare the two), and they only change when the data does, so the
ETag can be computed from the data and a poll with nothing new answers 304 at once.
"""

import gzip
import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import caches
from django.db.models import Max
from django.utils import translation
from django.utils.http import http_date, quote_etag

from events.calendar import calendar_add_timezones, feed_calendar, talk_vevent
from events.models import CalendarFeed, Rsvp, Talk
from events.page_cache import kept_feed_validators
from events.selectors import cohosts_of_talks
from events.versions import next_talk_end, schedule_state

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
    now: datetime, options: FeedOptions, header: str, extra_stamps=()
) -> tuple[str, datetime | None]:
    """(ETag, Last-Modified) for a feed, from the schedule's version and the moment the
    latest talk left the 90-day window, in one indexed read: nothing is listed or built.

    `header` names the feed (which talks it selects, its name and address);
    `extra_stamps` are other moments the feed depends on (a person's RSVPs and feed
    settings, for their own feed).
    """
    state = schedule_state(ended_by=now - PUBLIC_WINDOW)
    window_moved = state.departed + PUBLIC_WINDOW if state.departed else None
    stamps = [state.changed_at, window_moved, *extra_stamps]
    digest = hashlib.sha256()
    for part in (header, repr(options), _site_fingerprint(), str(state.number), repr(stamps)):
        digest.update(part.encode())
    return quote_etag(digest.hexdigest()[:32]), max(filter(None, stamps), default=None)


def personal_feed_stamps(feed: CalendarFeed) -> list:
    """When this person last became confirmed for, or left, a talk, and when they last
    changed the feed's settings (alarms, discreet titles)."""
    moments = Rsvp.objects.filter(email=feed.email).aggregate(
        confirmed=Max("confirmed_at"), cancelled=Max("cancelled_at")
    )
    return [moments["confirmed"], moments["cancelled"], feed.created_at, feed.updated_at]


def public_feed_validators(now: datetime, header: str) -> tuple[str, datetime | None]:
    """A public feed's `feed_validators`, kept in the cache until the schedule changes or
    the next talk leaves the 90-day window: a poll that finds nothing new reads the
    cache once and the database not at all."""

    def build():
        next_departure = next_talk_end(now - PUBLIC_WINDOW)
        window_moves = next_departure + PUBLIC_WINDOW if next_departure else None
        return feed_validators(now, PUBLIC, header), window_moves

    return kept_feed_validators((header, _site_fingerprint()), build)


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
    cohosts: tuple[str, ...] = ()


def _cohost_names(talks, options: FeedOptions) -> dict[int, tuple[str, ...]]:
    """The co-hosts' names by talk, in one query (none for discreet titles, which show no
    description)."""
    if options.discreet:
        return {}
    found = cohosts_of_talks(talks.values("pk"))
    return {pk: tuple(cohost.name for cohost in cohosts) for pk, cohosts in found.items()}


def shown_talks(talks, options: FeedOptions) -> list[ShownTalk]:
    """Each talk's cache key, from three plain queries (the talks' rows, topic names and
    co-hosts)."""
    topics: dict[int, list[str]] = {}
    pairs = Talk.topics.through.objects.filter(talk__in=talks.values("pk"))
    for talk_id, name in pairs.order_by("topic__name").values_list("talk_id", "topic__name"):
        topics.setdefault(talk_id, []).append(name)
    cohosts = _cohost_names(talks, options)
    # A VEVENT has words in the visitor's language ("Online", "Community talk").
    site = (_site_fingerprint(), translation.get_language())
    shown = []
    for row in talks.values_list(*SHOWN):
        pk, time_zone, start = row[0], row[10], row[8]
        cohosted = cohosts.get(pk, ())
        fingerprint = repr((row, topics.get(pk, []), cohosted, options, site))
        key = "vevent:" + hashlib.sha256(fingerprint.encode()).hexdigest()
        shown.append(ShownTalk(pk=pk, time_zone=time_zone, start=start, key=key, cohosts=cohosted))
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
                cohosts=talk.cohosts,
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


def feed_document_cached(etag: str, build, *, gzipped: bool = False) -> bytes:
    """The feed for this ETag: built once, then served as is until the data changes.
    Gzipped, it is compressed once too (a 5,000-talk feed: 3.3 MB, 0.3 MB gzipped)."""
    documents = caches["calendar_documents"]
    key = f"{etag}|gzip" if gzipped else etag
    body = documents.get(key)
    if body is None:
        if gzipped:
            body = gzip.compress(feed_document_cached(etag, build), compresslevel=6, mtime=0)
        else:
            body = build()
        documents.set(key, body)
    return body
