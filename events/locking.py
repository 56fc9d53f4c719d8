"""The talk row lock that keeps capacity honest.

Confirmation, cancellation, promotion and capacity changes all run inside
`locked_talk`, which takes `SELECT ... FOR UPDATE` on the talk in one transaction, so
two of them never count seats at the same time. The wait is bounded: past
EVENTS_LOCK_TIMEOUT_MS the caller gets `TalkBusy` and the person a "try again" page.
"""

from contextlib import contextmanager

from django.conf import settings
from django.db import OperationalError, connection, transaction

from events.models import Talk

LOCK_NOT_AVAILABLE = "55P03"


class TalkBusy(Exception):
    """Another change to this talk held its lock for too long."""


def _is_lock_timeout(error: OperationalError) -> bool:
    return getattr(error.__cause__, "sqlstate", None) == LOCK_NOT_AVAILABLE


@contextmanager
def locked_talk(talk_id: int):
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT set_config('lock_timeout', %s, true)",
                    [f"{settings.EVENTS_LOCK_TIMEOUT_MS}ms"],
                )
        talks = Talk.objects.select_for_update() if settings.EVENTS_LOCK_TALKS else Talk.objects
        try:
            talk = talks.get(pk=talk_id)
        except OperationalError as error:
            if _is_lock_timeout(error):
                raise TalkBusy from error
            raise
        yield talk
