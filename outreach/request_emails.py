"""The emails a talk request's requester gets: the acknowledgement (with the status
link), the decline (with the coordinator's message) and the news that its talk is
published (with the talk's public link). One recipient each, through the outbox.

Each has a key, `talk-request-<id>:<kind>`, so a retry or a second publish queues
nothing twice, and a group, `talk-request-<id>`, which retention empties with the
contact. A discreet email names neither the organisation nor the talk (its templates).
"""

from django.urls import reverse

from events.models import Talk
from notifications.outbox import QueuedEmail, emails_queue
from notifications.site import absolute
from outreach.models import TalkRequest
from outreach.request_tokens import talk_request_status_token

RECEIVED = "talk_request_received"
DECLINED = "talk_request_declined"
PUBLISHED = "talk_request_published"


def talk_request_group(request_id: int) -> str:
    return f"talk-request-{request_id}"


def status_url(talk_request: TalkRequest) -> str:
    token = talk_request_status_token(request_id=talk_request.pk)
    return absolute(reverse("talk_request_status", kwargs={"token": token}))


def _queue(talk_request: TalkRequest, kind: str, **context) -> None:
    message = QueuedEmail(
        to=talk_request.contact_email,
        kind=kind,
        context={
            "organisation": talk_request.organisation,
            "status_url": status_url(talk_request),
            **context,
        },
        language=talk_request.email_language,
        key=f"{talk_request_group(talk_request.pk)}:{kind}",
        group=talk_request_group(talk_request.pk),
    )
    emails_queue(messages=[message])


def send_talk_request_received(talk_request: TalkRequest) -> None:
    _queue(talk_request, RECEIVED)


def send_talk_request_declined(talk_request: TalkRequest, *, message: str) -> None:
    _queue(talk_request, DECLINED, message=message)


def send_talk_request_published(talk_request: TalkRequest, *, talk: Talk) -> None:
    _queue(talk_request, PUBLISHED, talk_url=absolute(talk.get_absolute_url()))
