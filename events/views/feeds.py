"""Calendar feeds: public ones, one talk, and a person's own at a secret URL."""

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from events import feeds
from events.calendar import talk_ics
from events.models import CalendarFeed, Series, Talk, Topic
from events.responses import (
    accepts_gzip,
    calendar_response,
    gzip_etag,
    not_modified_or_none,
    vary_on_encoding,
)
from events.selectors import speaker_listed


def feed_response(
    request, talks, now, *, name, description, options=feeds.PUBLIC, private=False, stamps=()
):
    """A feed of `talks` at this address, answered 304 when nothing changed: one code path
    for the whole schedule, a part of it (a topic, a series, a speaker, a partner in
    outreach) and a person's own feed."""
    url = request.build_absolute_uri(request.path)
    header = f"{name}|{description}|{url}"
    if private:  # a person's own feed: their RSVPs and settings are in its validators
        etag, last_modified = feeds.feed_validators(now, options, header, extra_stamps=stamps)
    else:
        etag, last_modified = feeds.public_feed_validators(now, header)
    gzipped = accepts_gzip(request)
    sent_etag = gzip_etag(etag) if gzipped else etag
    not_modified = not_modified_or_none(
        request, etag=sent_etag, last_modified=last_modified, private=private
    )
    if not_modified:
        return vary_on_encoding(not_modified)
    body = feeds.feed_document_cached(
        etag,
        lambda: feeds.feed_document(
            talks, name=name, description=description, url=url, options=options
        ),
        gzipped=gzipped,
    )
    response = calendar_response(
        body, etag=sent_etag, last_modified=last_modified, private=private, gzipped=gzipped
    )
    return vary_on_encoding(response)


@require_safe
def calendar_all(request):
    now = timezone.now()
    return feed_response(
        request,
        feeds.talks_for_public_feed(now),
        now,
        name=settings.SITE_NAME,
        description=_("Free public talks from %(site)s.") % {"site": settings.SITE_NAME},
    )


def part_of_schedule_feed(request, *, only: dict, part: str, description: str):
    """The public feed of the talks matching `only` (a topic, a series, a speaker, a
    partner in outreach), named after the site and `part`."""
    now = timezone.now()
    return feed_response(
        request,
        feeds.talks_for_public_feed(now).filter(**only),
        now,
        name=f"{settings.SITE_NAME}: {part}",
        description=description,
    )


@require_safe
def calendar_topic(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    return part_of_schedule_feed(
        request,
        only={"topics": topic},
        part=topic.name,
        description=_("Free public talks about %(topic)s.") % {"topic": topic.name},
    )


@require_safe
def calendar_series(request, slug):
    series = get_object_or_404(Series, slug=slug)
    return part_of_schedule_feed(
        request,
        only={"series": series},
        part=series.title,
        description=series.description or series.title,
    )


@require_safe
def calendar_speaker(request, pk):
    speaker = speaker_listed(pk)
    if speaker is None:
        raise Http404
    return part_of_schedule_feed(
        request,
        only={"speakers": speaker},
        part=speaker.name,
        description=_("Free public talks with %(speaker)s.") % {"speaker": speaker.name},
    )


@require_safe
def calendar_personal(request, token):
    """A revoked or unknown token is a plain 404: no hint that it ever existed."""
    feed = CalendarFeed.objects.filter(token=token).first()
    if feed is None:
        raise Http404
    if feed.discreet_titles:  # for calendars others see: nothing names the organisation
        name, description = _("My events"), _("My events.")
    else:
        name = _("My talks")
        description = _("The talks I am going to, from %(site)s.") % {"site": settings.SITE_NAME}
    now = timezone.now()
    return feed_response(
        request,
        feeds.talks_for_personal_feed(feed, now),
        now,
        name=name,
        description=description,
        options=feeds.feed_options(feed),
        private=True,
        stamps=feeds.personal_feed_stamps(feed),
    )


@require_safe
def talk_download(request, slug):
    talks = Talk.objects.listed().filter(slug=slug)
    # Existence first: a missing talk is a 404 whatever the conditional headers say.
    talk = get_object_or_404(talks.select_related("venue"))
    etag, last_modified = feeds.feed_validators(
        timezone.now(), feeds.PUBLIC, header=f"download|{slug}|{translation.get_language()}"
    )
    not_modified = not_modified_or_none(
        request, etag=etag, last_modified=last_modified, private=False
    )
    if not_modified:
        return not_modified
    prefetch_related_objects([talk], "topics")
    return calendar_response(
        talk_ics(talk).encode(),
        etag=etag,
        last_modified=last_modified,
        filename=f"{talk.slug}.ics",
    )
