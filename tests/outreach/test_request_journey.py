"""A group requests a talk, a coordinator schedules it from the request, publishes it,
the requester learns it is published, a subscriber to its topic gets one announcement
and a weekly subscriber gets it in the digest on their day: real PostgreSQL, a real
worker, the emails read back from the local SMTP server."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from events.models import Talk
from notifications.models import OutgoingEmail
from notifications.preferences import preference_update
from outreach.models import Subscriber, TalkRequest
from outreach.request_tokens import talk_request_id_from_token
from outreach.services.announcements import digests_queue
from outreach.services.requests import talk_request_published
from tests.conftest import deliver_due, wait_for
from tests.events.test_coordinator_talk_form import NEXT_YEAR
from tests.factories import (
    CoordinatorFactory,
    SubscriberFactory,
    TalkFactory,
    TalkRequestFactory,
    TopicFactory,
    VenueFactory,
)
from tests.outreach.helpers import request_data

pytestmark = pytest.mark.postgres
SITE = "https://talks.example.org"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


def received(smtp_server, count):
    wait_for(lambda: len(smtp_server.handler.received) >= count, what=f"{count} emails")
    return smtp_server.handler.messages()


def text(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def link_in(message, path_pattern) -> str:
    return re.search(rf"{re.escape(SITE)}({path_pattern})", text(message)).group(1)


def test_a_request_is_acknowledged_scheduled_published_and_its_requester_told(
    celery_worker, smtp_server
):
    topic = TopicFactory(name="PTSD", slug="ptsd")
    SubscriberFactory(preference__email="each@example.org", topics=[topic])
    SubscriberFactory(preference__email="other-topic@example.org", topics=[TopicFactory()])
    weekly = SubscriberFactory(
        preference__email="weekly@example.org",
        frequency=Subscriber.Frequency.WEEKLY,
        digest_weekday=timezone.localdate().weekday(),
        confirmed_at=timezone.now() - timedelta(days=30),
    )
    venue = VenueFactory(address="1 River Street, Denver, CO")
    requester = Client()
    data = request_data(topics=[topic.pk], date_1=f"{NEXT_YEAR}-03-12", time_1="18:30")

    sent = requester.post("/request-a-talk/", data)

    assert (sent.status_code, sent["Location"]) == (302, "/request-a-talk/sent/")
    [ack] = received(smtp_server, 1)
    assert (ack["To"], ack["Subject"]) == (
        "robin@riverside.example.org",
        "We received your talk request for Riverside Veterans Circle",
    )
    status_path = link_in(ack, r"/request-a-talk/status/\S+/")
    status_page = requester.get(status_path).content.decode()
    assert "<strong>New</strong>" in status_page

    coordinator = Client()
    coordinator.force_login(CoordinatorFactory())
    talk_request = TalkRequest.objects.get()
    form = coordinator.get(f"/coordinate/requests/{talk_request.pk}/schedule/").context["form"]
    assert (form["title"].value(), form["venue"].value(), form["time_zone"].value()) == (
        "PTSD",
        venue.pk,
        "America/Denver",
    )
    assert form["start"].value().isoformat() == f"{NEXT_YEAR}-03-12T18:30:00"
    assert form["description"].value() == (
        "Audience: Veterans and their partners (about 25 people)."
    )
    assert form["topics"].value() == [topic.pk]
    scheduled = coordinator.post(
        f"/coordinate/requests/{talk_request.pk}/schedule/",
        {
            "title": "PTSD: where ketamine fits",
            "slug": "ptsd-riverside",
            "summary": "A talk for the Riverside circle.",
            "description": form["description"].value(),
            "topics": [topic.pk],
            "venue": venue.pk,
            "online_url": "",
            "time_zone": "America/Denver",
            "start": f"{NEXT_YEAR}-03-12T18:30",
            "end": f"{NEXT_YEAR}-03-12T20:00",
            "capacity": "30",
            "max_companions": "0",
            "reminder_hours": "24",
        },
    )
    talk = Talk.objects.get()
    assert scheduled["Location"] == f"/coordinate/talks/{talk.pk}/"
    talk_request.refresh_from_db()
    assert (talk_request.state, talk_request.talk, talk.status) == ("scheduled", talk, "draft")
    assert len(smtp_server.handler.received) == 1  # a draft tells the requester nothing

    coordinator.post(f"/coordinate/talks/{talk.pk}/publish/")

    [_ack, *after_publish] = received(smtp_server, 3)
    by_recipient = {message["To"]: message for message in after_publish}
    assert sorted(by_recipient) == ["each@example.org", "robin@riverside.example.org"]
    published = by_recipient["robin@riverside.example.org"]
    assert published["Subject"] == "Your talk for Riverside Veterans Circle is published"
    announcement = by_recipient["each@example.org"]
    assert "PTSD: where ketamine fits" in text(announcement)
    assert link_in(announcement, r"/talks/\S+/") == "/talks/ptsd-riverside/"
    assert link_in(published, r"/talks/\S+/") == "/talks/ptsd-riverside/"
    status_page = requester.get(status_path).content.decode()
    assert '<a href="/talks/ptsd-riverside/">PTSD: where ketamine fits</a>' in status_page

    assert digests_queue(now=timezone.now()) == 1  # the weekly subscriber's day is today
    digest = received(smtp_server, 4)[-1]
    assert (digest["To"], digest["Subject"]) == (weekly.preference.email, "This week: 1 new talk")
    assert "PTSD: where ketamine fits" in text(digest)
    assert len(received(smtp_server, 4)) == 4  # nobody else: not the other topic's subscriber


@pytest.mark.django_db
def test_a_second_publish_of_the_same_talk_queues_no_second_notice():
    talk = TalkFactory()
    talk_request = TalkRequestFactory(state="scheduled", talk=talk, closed_at=talk.created_at)

    talk_request_published(talk=talk)
    talk_request_published(talk=talk)

    assert list(OutgoingEmail.objects.values_list("recipient", "kind")) == [
        (talk_request.contact_email, "talk_request_published")
    ]
    assert talk_request.changes.filter(action="published").count() == 1


@pytest.mark.django_db
def test_publishing_a_talk_made_without_a_request_tells_no_requester(client):
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)
    talk = TalkFactory(status="draft")
    TalkRequestFactory()

    client.post(f"/coordinate/talks/{talk.pk}/publish/")

    assert OutgoingEmail.objects.filter(kind__startswith="talk_request").count() == 0


@pytest.mark.django_db
def test_a_discreet_address_gets_an_acknowledgement_naming_no_organisation(client):
    preference_update(email="robin@riverside.example.org", discreet=True)

    client.post("/request-a-talk/", request_data())
    [message] = deliver_due()

    assert message.subject == "About your request"
    assert "Riverside" not in message.body
    assert "Riverside" not in message.alternatives[0][0]
    token = re.search(r"/request-a-talk/status/(\S+)/", message.body).group(1)
    assert talk_request_id_from_token(token) == TalkRequest.objects.get().pk
