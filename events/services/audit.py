"""Who looked at whose attendance: every view and export of a talk's attendee list leaves a
row that only superusers read (events.admin)."""

from datetime import datetime

from django.utils import timezone

from events.models import AttendeeListAccess, Talk


def attendee_list_access_record(
    *, talk: Talk, by, what: str, now: datetime | None = None
) -> AttendeeListAccess:
    return AttendeeListAccess.objects.create(
        talk=talk, by=by, by_name=by.get_username(), what=what, at=now or timezone.now()
    )
