"""The talk lock's promises that the races in test_concurrency.py and test_busy.py do not
show: its wait limit ends with its transaction, and only a lock wait reads as "busy"."""

import pytest
from django.db import OperationalError, connection

from events.locking import locked_talk
from tests.factories import TalkFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def lock_timeout() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW lock_timeout")
        return cursor.fetchone()[0]


def test_the_lock_wait_limit_ends_with_the_locks_transaction(settings):
    settings.EVENTS_LOCK_TIMEOUT_MS = 1234
    talk = TalkFactory()
    before = lock_timeout()

    with locked_talk(talk.pk):
        inside = lock_timeout()

    assert (before, inside, lock_timeout()) == ("0", "1234ms", "0")


def a_statement_timing_out_under_the_lock(talk):
    with locked_talk(talk.pk), connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = '10ms'")
        cursor.execute("SELECT pg_sleep(1)")


def test_a_database_error_other_than_a_lock_wait_is_not_reported_as_busy():
    talk = TalkFactory()

    with pytest.raises(OperationalError, match="statement timeout"):
        a_statement_timing_out_under_the_lock(talk)
