from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from outreach.demo import (
    feedback_seed,
    partners_seed,
    resources_seed,
    subscribers_seed,
    talk_requests_seed,
)


class Command(BaseCommand):
    help = (
        "Load outreach's demo data after seed_demo: partners co-hosting demo talks, "
        "announcement subscribers, talk requests, reading to take home, feedback and "
        "questions (idempotent)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--subscribers", type=int, default=20, help="How many subscribers.")
        parser.add_argument(
            "--allow-production", action="store_true", help="Seed even with DEBUG off."
        )

    def handle(self, *args, subscribers, allow_production=False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "Refusing to load demo data with DEBUG off. Pass --allow-production to do it "
                "anyway."
            )
        if subscribers < 0:
            raise CommandError("--subscribers must be zero or more.")
        partners = partners_seed()
        self.stdout.write(f"Demo partners: {', '.join(partner.name for partner in partners)}")
        added = subscribers_seed(count=subscribers)
        self.stdout.write(f"Announcement subscribers added: {added}")
        self.stdout.write(f"Demo talk requests added: {talk_requests_seed()}")
        resources = resources_seed(today=timezone.localdate())
        self.stdout.write(f"Demo resources added: {len(resources)}")
        self.stdout.write(f"Demo feedback: {feedback_seed()} responses")
