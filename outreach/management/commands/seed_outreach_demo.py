from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from outreach.demo import subscribers_seed


class Command(BaseCommand):
    help = "Load outreach demo data: announcement subscribers (idempotent). Run seed_demo first."

    def add_arguments(self, parser):
        parser.add_argument("--subscribers", type=int, default=20, help="How many subscribers.")
        parser.add_argument(
            "--allow-production", action="store_true", help="Seed even with DEBUG off."
        )

    def handle(self, *args, subscribers, allow_production=False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError("Refusing to load demo data with DEBUG off.")
        if subscribers < 0:
            raise CommandError("--subscribers must be zero or more.")
        added = subscribers_seed(count=subscribers)
        self.stdout.write(f"Announcement subscribers added: {added}")
