from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from outreach.demo import feedback_seed


class Command(BaseCommand):
    help = "Load outreach demo data over seed_demo's talks: feedback, questions (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production", action="store_true", help="Seed even with DEBUG off."
        )

    def handle(self, *args, allow_production=False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "Refusing to load demo data with DEBUG off. Pass --allow-production to do it."
            )
        responses = feedback_seed()
        self.stdout.write(f"Demo feedback: {responses} responses")
