from django.core.management.base import BaseCommand
from django.utils import timezone

from outreach.demo import resources_seed


class Command(BaseCommand):
    help = "Load outreach's demo data: reading to take home for the demo topics (idempotent)."

    def handle(self, *args, **options):
        resources = resources_seed(today=timezone.localdate())
        self.stdout.write(f"Demo resources added: {len(resources)}")
