"""What coordinators do to the programme's venues, speakers, topics and series.

Each write raises the schedule's version in its own transaction: the public pages and
feeds show all four. A delete happens only when no talk uses the thing (ProgrammeInUse
otherwise). A venue that upcoming talks use keeps its address and map position: moving a
talk goes through the talk's own edit page, which tells its attendees (VenueMoveRefused).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from events.models import Series, Speaker, Topic, Venue
from events.services.schedule import schedule_version_bump

# What a venue used by upcoming talks keeps: the place itself.
VENUE_PLACE_FIELDS = ("address", "latitude", "longitude")


class ProgrammeInUse(ValidationError):
    """A venue, speaker, topic or series that talks still use is not deleted."""


def _written(thing, fields: dict):
    for name, value in fields.items():
        setattr(thing, name, value)
    thing.full_clean()
    thing.save()
    schedule_version_bump()
    return thing


def _deleted(thing, in_use: int, refusal: str) -> None:
    if in_use:
        raise ProgrammeInUse(refusal)
    thing.delete()
    schedule_version_bump()


def venue_upcoming_talks(venue: Venue):
    return venue.talks.filter(end__gt=timezone.now())


@transaction.atomic
def venue_create(*, name: str, address: str, **fields) -> Venue:
    return _written(Venue(), {"name": name, "address": address, **fields})


@transaction.atomic
def venue_update(*, venue: Venue, **fields) -> Venue:
    """Name, notes and map link can change at any time; the place (address, position)
    only while no upcoming talk is held there."""
    venue = Venue.objects.select_for_update().get(pk=venue.pk)
    moved = [
        name
        for name in VENUE_PLACE_FIELDS
        if name in fields and fields[name] != getattr(venue, name)
    ]
    if moved and venue_upcoming_talks(venue).exists():
        raise ValidationError(
            {
                name: _(
                    "Upcoming talks are held here, so the place cannot change: their "
                    "attendees would not be told. Add a new venue and choose it on each "
                    "talk's edit page, which tells them."
                )
                for name in moved
            }
        )
    return _written(venue, fields)


@transaction.atomic
def venue_delete(*, venue: Venue) -> None:
    count = venue.talks.count()
    _deleted(
        venue,
        count,
        ngettext(
            "This venue is not deleted: a talk uses it. Choose another venue for it first.",
            "This venue is not deleted: %(count)d talks use it. Choose another venue for "
            "them first.",
            count,
        )
        % {"count": count},
    )


@transaction.atomic
def speaker_create(*, name: str, **fields) -> Speaker:
    return _written(Speaker(), {"name": name, **fields})


def stored_file_replaced(old_name: str, file) -> None:
    """Once the transaction commits, delete the file a FileField held before (`old_name`)
    if `file` is no longer it: a photo or a logo replaced or cleared."""
    if old_name and file.name != old_name:
        storage = file.storage
        transaction.on_commit(lambda: storage.delete(old_name))


@transaction.atomic
def speaker_update(*, speaker: Speaker, **fields) -> Speaker:
    old_photo = speaker.photo.name if speaker.photo else ""
    speaker = _written(speaker, fields)
    stored_file_replaced(old_photo, speaker.photo)
    return speaker


@transaction.atomic
def speaker_delete(*, speaker: Speaker) -> None:
    photo = speaker.photo.name if speaker.photo else ""
    storage = speaker.photo.storage
    count = speaker.talks.count()
    _deleted(
        speaker,
        count,
        ngettext(
            "This speaker is not deleted: a talk names them. Take them off that talk first.",
            "This speaker is not deleted: %(count)d talks name them. Take them off those "
            "talks first.",
            count,
        )
        % {"count": count},
    )
    if photo:
        transaction.on_commit(lambda: storage.delete(photo))


@transaction.atomic
def topic_create(*, name: str, slug: str) -> Topic:
    return _written(Topic(), {"name": name, "slug": slug})


@transaction.atomic
def topic_update(*, topic: Topic, **fields) -> Topic:
    return _written(topic, fields)


@transaction.atomic
def topic_delete(*, topic: Topic) -> None:
    count = topic.talks.count()
    _deleted(
        topic,
        count,
        ngettext(
            "This topic is not deleted: a talk has it. Take it off that talk first.",
            "This topic is not deleted: %(count)d talks have it. Take it off those talks first.",
            count,
        )
        % {"count": count},
    )


@transaction.atomic
def series_create(*, title: str, slug: str, description: str = "") -> Series:
    return _written(Series(), {"title": title, "slug": slug, "description": description})


@transaction.atomic
def series_update(*, series: Series, **fields) -> Series:
    return _written(series, fields)


@transaction.atomic
def series_delete(*, series: Series) -> None:
    count = series.talks.count()
    _deleted(
        series,
        count,
        ngettext(
            "This series is not deleted: a talk belongs to it. Take it out of the series first.",
            "This series is not deleted: %(count)d talks belong to it. Take them out of it first.",
            count,
        )
        % {"count": count},
    )
