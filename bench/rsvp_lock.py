"""How long one member's RSVP holds its talk's row lock, beside a bare lock.

The lock (`events.locking.locked_talk`) serialises every change that counts seats, so
the time one RSVP holds it bounds how many RSVPs a talk takes per second, and how soon a
crowd of them is answered "busy". Measured in one process on the configured database:
from the moment `SELECT ... FOR UPDATE` returns to the moment the transaction has
committed. The baseline, in the same run, is a bare `locked_talk()` that does nothing
under the lock.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/scratch \
      .venv/bin/python bench/rsvp_lock.py [--rsvps 300]

It fills and empties the database it is given (SQLite in a temporary folder by default).
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from in_process import configure


class LockClock:
    """Notes when a `FOR UPDATE` query returns, and when its transaction has committed
    (the first on-commit callback, registered at that moment, runs before any other)."""

    def __init__(self):
        self.locked_at = self.committed_at = None

    def __call__(self, execute, sql, params, many, context):
        from django.db import transaction

        result = execute(sql, params, many, context)
        if sql.rstrip().endswith("FOR UPDATE"):
            self.locked_at = time.perf_counter()
            transaction.on_commit(self.commit_seen)
        return result

    def commit_seen(self):
        self.committed_at = time.perf_counter()


def arrange(count: int):
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from events.models import Talk, Topic, Venue

    start = timezone.now() + timedelta(days=3)
    talk = Talk.objects.create(
        title="Ketamine-assisted therapy: what it is",
        slug="bench-lock",
        summary="A public talk.",
        venue=Venue.objects.create(name="Library", address="1 Main St\nDenver"),
        time_zone="America/Denver",
        start=start,
        end=start + timedelta(hours=1),
        status="published",
        capacity=count // 2,
    )
    talk.topics.set([Topic.objects.create(name="PTSD", slug="ptsd")])
    users = get_user_model().objects.bulk_create(
        [get_user_model()(username=f"m{n}", email=f"m{n}@example.org") for n in range(count)]
    )
    return talk, users


def held_seconds(action, clock: LockClock) -> float:
    from django.db import connection

    with connection.execute_wrapper(clock):
        action()
    return clock.committed_at - clock.locked_at


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rsvps", type=int, default=300)
    count = parser.parse_args().rsvps
    with tempfile.TemporaryDirectory() as workdir:
        configure(workdir)
        from django.core.management import call_command

        call_command("flush", interactive=False, verbosity=0)
        import logging

        logging.disable(logging.INFO)
        from events import services
        from events.locking import locked_talk
        from events.models import Talk

        talk, users = arrange(count)
        clock = LockClock()

        def bare():
            with locked_talk(talk.pk):
                pass

        baseline = [held_seconds(bare, clock) for _ in range(count)]
        held = []
        for user in users:
            page_talk = Talk.objects.for_listing().get(pk=talk.pk)
            held.append(
                held_seconds(
                    lambda user=user, page_talk=page_talk: services.rsvp_create(
                        talk=page_talk, email=user.email, name="M", user=user
                    ),
                    clock,
                )
            )
    bare_ms, rsvp_ms = statistics.median(baseline) * 1000, statistics.median(held) * 1000
    print(f"RSVPs: {count} (half seated, half waitlisted)")
    print(f"bare lock held (median):    {bare_ms:7.2f} ms")
    print(f"one RSVP held it (median):  {rsvp_ms:7.2f} ms")
    print(f"ratio (RSVP / bare lock):   {rsvp_ms / bare_ms:7.1f}")


if __name__ == "__main__":
    main()
