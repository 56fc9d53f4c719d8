"""Celery's doors into outreach: thin, named, taking ids only."""

from celery import shared_task
from django.utils import timezone

from outreach.services.announcements import QUEUE_TASK, announcements_queue_for, digests_queue
from outreach.services.requests import talk_requests_forget_contacts
from outreach.services.resources import resources_check_links


@shared_task(name=QUEUE_TASK)
def queue_announcements(talk_id: int) -> int:
    return announcements_queue_for(talk_id=talk_id)


@shared_task(name="outreach.queue_digests")
def queue_digests() -> int:
    return digests_queue(now=timezone.now())


@shared_task(name="outreach.forget_talk_request_contacts")
def forget_talk_request_contacts() -> int:
    return talk_requests_forget_contacts()


@shared_task(name="outreach.check_resource_links")
def check_resource_links() -> int:
    return resources_check_links(now=timezone.now())
