"""Celery's doors into outreach: thin, named, taking ids only."""

from celery import shared_task
from django.utils import timezone

from outreach.services.resources import resources_check_links


@shared_task(name="outreach.check_resource_links")
def check_resource_links() -> int:
    return resources_check_links(now=timezone.now())
