"""The facts a talk's emails share, built once per talk (and once per language), before
any lock: what the templates show, and the calendar files they carry."""

import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import caches
from django.db.models import prefetch_related_objects
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _

from events import hooks, tokens
from events.calendar import emailed_ics, talk_location
from events.models import Rsvp, Talk
from notifications.site import absolute


@dataclass(frozen=True)
class CalendarFile:
    """One calendar attachment as plain and discreet emails carry it."""

    plain: str
    discreet: str


# (discreet, withdrawn): the four calendar files a version of a talk is emailed as.
VARIANTS = [(False, False), (True, False), (False, True), (True, True)]


def _shown_in_calendar(talk: Talk) -> tuple:
    """Everything an emailed calendar file shows of a talk (events/calendar.py), so that
    the same key is the same file."""
    venue = talk.venue
    return (
        talk.pk,
        talk.uid,
        talk.updated_at,
        talk.created_at,
        talk.sequence,
        talk.title,
        talk.summary,
        talk.slug,
        talk.start,
        talk.end,
        talk.time_zone,
        talk.status,
        venue and (venue.name, venue.address, venue.latitude, venue.longitude),
        [topic.name for topic in talk.topics.all()],
        translation.get_language(),
        settings.SITE_URL,
        settings.SITE_NAME,
        settings.ORGANIZER_EMAIL,
    )


def calendar_files(talk: Talk) -> tuple[CalendarFile, CalendarFile]:
    """(the talk's file, the withdrawal one), built once for each version of the talk and
    then read from the calendar cache: icalendar takes milliseconds for each of the four,
    and every RSVP to the same talk would build the same bytes."""
    shown = repr(_shown_in_calendar(talk))
    keys = {
        variant: "emailed-ics:" + hashlib.sha256(f"{shown}|{variant}".encode()).hexdigest()
        for variant in VARIANTS
    }
    cache = caches["calendar"]
    found = cache.get_many(list(keys.values()))
    built = {
        key: emailed_ics(talk, discreet=discreet, withdrawn=withdrawn)
        for (discreet, withdrawn), key in keys.items()
        if key not in found
    }
    if built:
        cache.set_many(built)
    files = {variant: found.get(key) or built[key] for variant, key in keys.items()}
    return (
        CalendarFile(plain=files[(False, False)], discreet=files[(True, False)]),
        CalendarFile(plain=files[(False, True)], discreet=files[(True, True)]),
    )


@dataclass(frozen=True)
class TalkFacts:
    """What the emails about one version of a talk share: built once, before any lock.

    `context_in(language)` is what the templates show, in that language; `title` names
    the talk unless discreet; `event` is the calendar file of the talk as it is (its
    CANCEL once it is cancelled), `withdrawal` the one a person gets when their own RSVP
    is cancelled.
    """

    talk: Talk
    title: str
    event: CalendarFile
    withdrawal: CalendarFile
    contexts: dict = field(default_factory=dict, compare=False, repr=False)
    links: dict = field(default_factory=dict, compare=False, repr=False)

    def context_in(self, language: str) -> dict:
        """The talk's facts as text in `language` ("": the site's), made once each."""
        language = language or settings.LANGUAGE_CODE
        if language not in self.contexts:
            with translation.override(language):
                self.contexts[language] = talk_context(self.talk)
        return self.contexts[language]

    def links_for(self, kind: str) -> dict:
        """The links the floor above adds to this talk's emails of `kind` (events.hooks
        email_links), asked once per kind: the same for every recipient."""
        if kind not in self.links:
            found = {}
            for links in hooks.hook_results(hooks.email_links, talk=self.talk, kind=kind):
                found.update(links)
            self.links[kind] = found
        return self.links[kind]


def talk_facts(talk: Talk) -> TalkFacts:
    """The facts about a talk its emails show. `talk.venue` and `talk.topics` should be
    loaded (the topics are, here, if they are not yet): this renders four calendar files,
    so callers build it once per talk."""
    prefetch_related_objects([talk], "topics")
    event, withdrawal = calendar_files(talk)
    return TalkFacts(talk=talk, title=talk.title, event=event, withdrawal=withdrawal)


def talk_context(talk: Talk) -> dict:
    """The facts about a talk an email shows, as plain text in the talk's own zone."""
    start, end = talk.start.astimezone(talk.tzinfo), talk.end.astimezone(talk.tzinfo)
    return {
        "title": talk.title,
        "summary": talk.summary,
        "topics": [topic.name for topic in talk.topics.all()],
        "when": _("%(start)s to %(end)s (%(zone)s)")
        % {
            "start": formats.date_format(start, "l j F Y, H:i"),
            "end": formats.date_format(end, "H:i"),
            "zone": talk.time_zone,
        },
        "date_short": formats.date_format(start, "j F"),
        "where": talk_location(talk),
        "is_online": bool(talk.online_url),
        "accessibility_notes": talk.venue.accessibility_notes if talk.venue else "",
        "talk_url": absolute(talk.get_absolute_url()),
        "status": talk.status,
    }


def rsvp_context(rsvp: Rsvp, talk_context: dict) -> dict:
    manage = tokens.rsvp_token(rsvp_id=rsvp.pk, purpose=tokens.MANAGE)
    seated = rsvp.status == Rsvp.Status.CONFIRMED
    return {
        **talk_context,
        "name": rsvp.name,
        "party_size": rsvp.party_size,
        "manage_url": absolute(reverse("rsvp_manage", kwargs={"token": manage})),
        "online_url": rsvp.talk.online_url if seated else "",
    }
