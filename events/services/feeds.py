"""A person's own calendar feed: made on first use, its secret URL rotated on request."""

from events.models import CalendarFeed, new_feed_token
from notifications.addresses import normalise_email


def calendar_feed_for(*, email: str) -> CalendarFeed:
    """The person's own feed, made on first use."""
    feed, _created = CalendarFeed.objects.get_or_create(email=normalise_email(email))
    return feed


def calendar_feed_rotate(*, feed: CalendarFeed) -> CalendarFeed:
    """A new secret URL; the old one answers 404 from now on."""
    feed.token = new_feed_token()
    feed.save(update_fields=["token", "updated_at"])
    return feed


def calendar_feed_update(*, feed: CalendarFeed, alarms: bool, discreet_titles: bool):
    feed.alarms, feed.discreet_titles = alarms, discreet_titles
    feed.save(update_fields=["alarms", "discreet_titles", "updated_at"])
    return feed
