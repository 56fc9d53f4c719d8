"""Reminder fan-out: 10,000 due reminders through the outbox to a local SMTP sink.

Reports messages per second for the service's own path (sweep -> claim -> render ->
one SMTP connection per batch -> mark sent) beside the ceiling: a plain smtplib loop
sending the same, already rendered, messages over one connection, in the same run.

    .venv/bin/python bench/reminder_fanout.py [--count 10000]

It uses a fresh SQLite database in a temporary folder unless BENCH_DATABASE_URL is
set (for example to a PostgreSQL database it may fill and empty). `measure(count)` is
the same run for a harness that has set Django up itself (bench/in_process.py).
"""

import argparse
import smtplib
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from in_process import configure


class Sink:
    """An SMTP server on loopback that accepts and counts."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        self.count = 0
        sink = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                sink.count += 1
                return "250 OK"

        import socket

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=port)
        self.port = port

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()


def arrange(count: int):
    """A talk with `count` confirmed RSVPs, and their reminders queued (the real path)."""
    from datetime import timedelta

    from django.utils import timezone

    from events.email_facts import talk_facts
    from events.emails import reminder_messages
    from events.models import Rsvp, Talk, Venue
    from notifications.models import OutgoingEmail
    from notifications.outbox import emails_queue

    OutgoingEmail.objects.all().delete()
    Talk.objects.filter(slug="bench-talk").delete()
    start = timezone.now() + timedelta(hours=2)
    talk = Talk.objects.create(
        title="Ketamine-assisted therapy: what it is",
        slug="bench-talk",
        summary="A public talk.",
        venue=Venue.objects.create(name="Library", address="1 Main St"),
        time_zone="America/Denver",
        start=start,
        end=start + timedelta(hours=1),
        status="published",
        reminder_hours=[2],
    )
    Rsvp.objects.bulk_create(
        [
            Rsvp(talk=talk, email=f"p{n}@example.org", name=f"P{n}", status="confirmed")
            for n in range(count)
        ],
        batch_size=2000,
    )
    facts = talk_facts(talk)
    messages = []
    for rsvp in talk.rsvps.select_related("talk"):
        messages.extend(reminder_messages(rsvp, facts))
    emails_queue(messages=messages)
    return start - timedelta(hours=2)


def measure_service(sink: Sink, due) -> float:
    from django.conf import settings

    from notifications.delivery import emails_deliver_claim
    from notifications.outbox import emails_sweep

    settings.EMAIL_DELIVERY = {
        "backend": "django.core.mail.backends.smtp.EmailBackend",
        "host": "127.0.0.1",
        "port": sink.port,
        "timeout": 10,
    }
    began = time.perf_counter()
    while emails_sweep(now=due, dispatch=lambda claim: emails_deliver_claim(claim=claim, now=due)):
        pass
    return time.perf_counter() - began


def measure_ceiling(sink: Sink, count: int) -> float:
    """The same messages, rendered once beforehand, down one smtplib connection."""
    from notifications.models import OutgoingEmail
    from notifications.rendering import email_build
    from notifications.selectors import email_settings_current, preference_for

    site = email_settings_current()
    sample = OutgoingEmail.objects.filter(kind="reminder").first()
    message = email_build(sample, preference_for(sample.recipient), site).message()
    rendered = message.as_bytes(linesep="\r\n")
    recipients = [f"p{n}@example.org" for n in range(count)]
    began = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", sink.port) as client:
        for recipient in recipients:
            client.sendmail("talks@localhost", [recipient], rendered)
    return time.perf_counter() - began


def measure(count: int) -> dict:
    """One run on the database Django is set up with: what the sink accepted from the
    service path, and both rates (messages per second) with their ratio."""
    from django.conf import settings

    from notifications.models import OutgoingEmail

    delivery = settings.EMAIL_DELIVERY
    due = arrange(count)
    try:
        with Sink() as sink:
            service_seconds = measure_service(sink, due)
            accepted = sink.count
            ceiling_seconds = measure_ceiling(sink, count)
    finally:
        settings.EMAIL_DELIVERY = delivery
    service, ceiling = count / service_seconds, count / ceiling_seconds
    return {
        "count": count,
        "sent": OutgoingEmail.objects.filter(state="sent").count(),
        "accepted": accepted,
        "service_per_s": service,
        "ceiling_per_s": ceiling,
        "ratio": service / ceiling,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=10_000)
    count = parser.parse_args().count
    with tempfile.TemporaryDirectory() as workdir:
        configure(workdir)
        import logging

        logging.disable(logging.INFO)
        result = measure(count)
    print(f"reminders: {count}, sent: {result['sent']}, accepted by the sink: {result['accepted']}")
    for label, rate in (("service path: ", "service_per_s"), ("smtplib loop: ", "ceiling_per_s")):
        print(f"{label} {result[rate]:8.0f} messages/s ({count / result[rate]:.2f} s)")
    print(f"ratio (service / smtplib ceiling): {result['ratio']:.3f}")


if __name__ == "__main__":
    main()
