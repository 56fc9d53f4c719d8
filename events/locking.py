"""The talk row lock that keeps capacity honest.

Confirmation, cancellation, promotion and capacity changes all run inside
`locked_talk`, which takes `SELECT ... FOR UPDATE` on the talk in one transaction, so
two of them never count seats at the same time. The wait is bounded: past
EVENTS_LOCK_TIMEOUT_MS the caller gets `TalkBusy` and the person a "try again" page.

On SQLite (the embedded default) the whole database is the lock: a transaction takes it
at BEGIN and a long wait ends in "database is locked". That is the same situation, so it
raises the same `TalkBusy`. Either way the transaction is rolled back: a person who is
told "busy" has no RSVP, whole or half.
"""

from contextlib import contextmanager

from django.conf import settings
from django.db import OperationalError, connection, transaction

from events.models import Talk

LOCK_NOT_AVAILABLE = "55P03"


class TalkBusy(Exception):
    """Another change to this talk held its lock for too long."""


def is_lock_timeout(error: OperationalError) -> bool:
    """Whether the database gave up waiting for a lock (PostgreSQL or SQLite)."""
    if getattr(error.__cause__, "sqlstate", None) == LOCK_NOT_AVAILABLE:
        return True
    return connection.vendor == "sqlite" and "database is locked" in str(error)


@contextmanager
def locked_talk(talk_id: int):
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT set_config('lock_timeout', %s, true)",
                        [f"{settings.EVENTS_LOCK_TIMEOUT_MS}ms"],
                    )
            talks = Talk.objects.select_for_update() if settings.EVENTS_LOCK_TALKS else Talk.objects
            yield talks.get(pk=talk_id)
    except OperationalError as error:
        if is_lock_timeout(error):
            raise TalkBusy from error
        raise
