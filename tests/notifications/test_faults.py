"""Faults with real parts on PostgreSQL: a worker process killed mid-batch, sweeps racing.

Each due message must reach the SMTP server exactly once.
"""

import os
import signal
import subprocess
import sys
import threading
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.db import connection
from django.utils import timezone

from config.celery import app
from notifications.models import OutgoingEmail
from notifications.outbox import (
    STUCK_AFTER,
    QueuedEmail,
    emails_claim_due,
    emails_queue,
    emails_sweep,
)
from notifications.tasks import deliver_batch, sweep_outbox
from tests.conftest import wait_for

SWEEP = "notifications-sweep-outbox"
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]


def queue_prerendered(count: int) -> list[str]:
    """Queue `count` messages (as an RSVP flow would) and commit them."""
    addresses = [f"person{n}@example.org" for n in range(count)]
    emails_queue(
        messages=[
            QueuedEmail(to=a, kind="rsvp_cancelled", context=context(a), key=f"k-{a}")
            for a in addresses
        ]
    )
    return addresses


def context(address):
    return {"name": address, "title": "A talk", "talk_url": "http://x/", "manage_url": ""}


def worker_process(smtp_server) -> subprocess.Popen:
    """`celery -A config worker` in its own process, on the test database and broker."""
    db = connection.settings_dict
    environment = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "EMAIL_URL": f"smtp://{smtp_server.host}:{smtp_server.port}",
    }
    broker_folder = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("data_folder_in")
    if broker_folder:  # the filesystem broker: the worker must watch the tests' folder
        environment["CELERY_BROKER_FOLDER"] = broker_folder
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "-l", "WARNING"],
        cwd=ROOT,
        env=environment,
        start_new_session=True,
    )


def states():
    return sorted(OutgoingEmail.objects.values_list("state", flat=True))


def delivered(smtp_server):
    return sorted(envelope.rcpt_tos[0] for envelope in smtp_server.handler.received)


def test_worker_killed_mid_batch_loses_nothing_and_sends_nothing_twice(smtp_server):
    app.control.purge()
    smtp_server.handler.hold_at = 3
    addresses = queue_prerendered(5)
    worker = worker_process(smtp_server)
    try:
        assert smtp_server.handler.holding.wait(timeout=60), "the worker never sent message 3"
        os.killpg(worker.pid, signal.SIGKILL)
        killed_at = timezone.now()
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
        smtp_server.handler.release.set()
    assert states() == ["sending", "sending", "sending", "sent", "sent"]

    # A person waiting for this email gets it within two minutes of the worker's death:
    # the last sweep beat runs before then takes the dead claim back.
    beat_every = timedelta(seconds=settings.CELERY_BEAT_SCHEDULE[SWEEP]["schedule"])
    last_sweep_in_time = killed_at + timedelta(minutes=2) - beat_every
    dispatch = lambda claim: deliver_batch.delay(str(claim))  # noqa: E731
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        emails_sweep(now=killed_at + STUCK_AFTER - timedelta(seconds=5), dispatch=dispatch)
        assert states() == ["sending", "sending", "sending", "sent", "sent"]  # not yet dead
        emails_sweep(now=last_sweep_in_time, dispatch=dispatch)
        wait_for(lambda: states() == ["sent"] * 5, timeout=30, what="the reclaimed batch")

    assert delivered(smtp_server) == sorted(addresses)


def test_two_sweeps_at_the_same_moment_claim_each_message_once():
    queue_prerendered(120)
    now = timezone.now()
    claims: list[list] = [[], []]
    barrier = threading.Barrier(2)

    def sweep(mine):
        barrier.wait()
        try:
            emails_sweep(now=now, dispatch=mine.append)
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep, args=(c,)) for c in claims]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    dispatched = claims[0] + claims[1]
    rows_per_claim = Counter(OutgoingEmail.objects.values_list("claim", flat=True))
    assert len(dispatched) == len(set(dispatched))
    assert set(rows_per_claim) == set(dispatched)
    assert states() == ["sending"] * 120
    assert emails_claim_due(now=now) is None


def test_beat_firing_twice_with_a_real_worker_delivers_each_message_once(
    celery_worker, smtp_server
):
    addresses = queue_prerendered(10)

    sweep_outbox()  # beat firing twice
    sweep_outbox()

    wait_for(lambda: states() == ["sent"] * 10, what="both sweeps' batches")
    assert delivered(smtp_server) == sorted(addresses)
