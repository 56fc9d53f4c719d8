"""The schedule's version: raised with every change the public pages and feeds show."""

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from events.models import ScheduleVersion, Talk
from events.page_cache import SCHEDULE, page_versions_raise
from notifications.models import EmailSettings
from notifications.preferences import email_settings_update


def schedule_version_bump() -> None:
    """Call in the same transaction as the change: a talk, venue, topic, series or
    speaker written, added or deleted. Feeds and cached pages built before it stop
    matching at once (events/versions.py).

    The moment is the real one, never a `now` passed in for the change, so that
    Last-Modified never runs backwards.
    """
    moment = timezone.now()
    longest = Talk.objects.listed().aggregate(longest=Max(F("end") - F("start")))["longest"]
    raised = ScheduleVersion.objects.filter(pk=ScheduleVersion.SINGLETON).update(
        number=F("number") + 1, changed_at=moment, longest_talk=longest
    )
    if not raised:  # a database emptied by hand since the migration made the row
        ScheduleVersion.objects.get_or_create(
            pk=ScheduleVersion.SINGLETON,
            defaults={"number": 1, "changed_at": moment, "longest_talk": longest},
        )
    page_versions_raise(SCHEDULE)


@transaction.atomic
def email_settings_change(*, footer: str, discreet_by_default: bool, discreet_sender_name: str):
    """The site's email settings: the RSVP form shows the discreet default, so the
    schedule's pages change with it."""
    site: EmailSettings = email_settings_update(
        footer=footer,
        discreet_by_default=discreet_by_default,
        discreet_sender_name=discreet_sender_name,
    )
    schedule_version_bump()
    return site
