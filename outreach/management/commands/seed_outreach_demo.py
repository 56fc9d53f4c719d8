from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from outreach.demo import talk_requests_seed


class Command(BaseCommand):
    help = "Load demo talk requests (run after seed_demo; idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Seed even with DEBUG off.",
        )

    def handle(self, *args, allow_production=False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "Refusing to load demo data with DEBUG off. Pass --allow-production to do it."
            )
        added = talk_requests_seed()
        self.stdout.write(f"Demo talk requests added: {added}")
