"""Celery's doors into outreach: thin, named, taking ids only."""

from celery import shared_task

from outreach.services.requests import talk_requests_forget_contacts


@shared_task(name="outreach.forget_talk_request_contacts")
def forget_talk_request_contacts() -> int:
    return talk_requests_forget_contacts()
