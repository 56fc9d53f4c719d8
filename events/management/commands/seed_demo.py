from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from events.demo import demo_seed


class Command(BaseCommand):
    help = "Load demo data: users, topics, speakers, venues, talks, RSVPs (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--talks", type=int, default=12, help="How many demo talks.")
        parser.add_argument(
            "--rsvps-per-talk",
            type=int,
            default=3,
            help="RSVPs per talk (beyond capacity: waitlist).",
        )
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Seed even with DEBUG off (demo logins have a published password).",
        )

    def handle(self, *args, talks, rsvps_per_talk, allow_production=False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "Refusing to load demo data with DEBUG off: demo logins have a "
                "published password. Pass --allow-production to do it anyway."
            )
        if talks < 0 or rsvps_per_talk < 0:
            raise CommandError("--talks and --rsvps-per-talk must be zero or more.")
        logins = demo_seed(talks=talks, rsvps_per_talk=rsvps_per_talk)
        if connection.vendor == "postgresql":
            # Thousands of rows arrived at once: let the planner know now, as autovacuum
            # would in a while, so that the first pages are planned for this data.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE events_talk, events_rsvp, events_talk_topics")
        for login in logins:
            self.stdout.write(f"Demo {login.role}: {login.email} / {login.password}")
