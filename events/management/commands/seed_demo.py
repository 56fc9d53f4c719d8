from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from events.demo import demo_seed


class Command(BaseCommand):
    help = "Load demo data (idempotent: running it twice adds nothing)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Seed even with DEBUG off (demo logins have a published password).",
        )

    def handle(self, *args, allow_production=False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "Refusing to load demo data with DEBUG off: demo logins have a "
                "published password. Pass --allow-production to do it anyway."
            )
        logins = demo_seed()
        for login in logins:
            self.stdout.write(f"Demo {login.role}: {login.email} / {login.password}")
