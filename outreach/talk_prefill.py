"""The new-talk form as a request fills it in: its topics, its place, its audience (in
the description) and its first preferred date (18:00 if no time was given), in the
site's time zone. The coordinator checks and completes it before saving the draft."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.utils.text import slugify
from django.utils.translation import gettext as _

from events.models import Venue
from outreach.models import TalkRequest

DEFAULT_START = time(18, 0)
DEFAULT_LENGTH = timedelta(minutes=90)


def _description(talk_request: TalkRequest) -> str:
    return _("Audience: %(audience)s (about %(size)d people).") % {
        "audience": talk_request.audience,
        "size": talk_request.audience_size,
    }


def talk_initial_from_request(talk_request: TalkRequest) -> dict:
    topics = list(talk_request.topics.all())
    title = (
        topics[0].name
        if topics
        else _("A talk for %(organisation)s") % {"organisation": talk_request.organisation}
    )
    initial = {
        "title": title,
        "summary": title,
        "description": _description(talk_request),
        "topics": topics,
        "time_zone": settings.TIME_ZONE,
    }
    first = talk_request.preferred_dates.first()
    if first is not None:
        start = datetime.combine(first.day, first.time or DEFAULT_START)
        initial |= {"start": start, "end": start + DEFAULT_LENGTH}
        initial["slug"] = slugify(f"{title} {first.day:%Y-%m-%d}")[:100]
    if talk_request.format == TalkRequest.Format.IN_PERSON:
        initial["venue"] = Venue.objects.filter(
            address__iexact=talk_request.address.strip()
        ).first()
    return initial
