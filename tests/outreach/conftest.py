"""Helpers for the announcement tests: every email is read back from the local SMTP
server, as the recipient's mail program gets it."""

import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from events import services
from tests.config.test_migrations import last_release, scratch_database  # noqa: F401 - fixtures
from tests.conftest import deliver_due
from tests.events.conftest import coordinator, coordinator_client  # noqa: F401 - fixtures
from tests.factories import TalkFactory, UserFactory
from tests.outreach.impact_data import NOW

LINK = re.compile(r"https?://[^/\s]+(/announcements/(?:confirm|preferences)/[^/\s]+/)")


@dataclass
class Inbox:
    """What the SMTP server has accepted, read one delivery at a time."""

    server: object
    seen: int = 0

    def deliver(self, now=None) -> list:
        """Send what is due; the messages that arrived, each as (to, subject, text, message)."""
        deliver_due(now)
        messages = self.server.handler.messages()[self.seen :]
        self.seen += len(messages)
        return [read(message) for message in messages]

    def last_to(self, email: str) -> tuple:
        """The latest message `email` was sent, delivering what is due first."""
        self.deliver()
        return [read(m) for m in self.server.handler.messages() if m["To"] == email][-1]


def read(message) -> tuple:
    text = message.get_body(preferencelist=("plain",)).get_content()
    return message["To"], message["Subject"], text, message


@pytest.fixture
def inbox(smtp_server):
    return Inbox(smtp_server)


def link_paths(text: str) -> list[str]:
    return LINK.findall(text)


def subscribe(client, email: str, **choices):
    data = {"email": email, "scope": "both", "frequency": "each", "digest_weekday": 0}
    return client.post("/announcements/", {**data, **choices})


def confirm_from(inbox: Inbox, client, email: str) -> str:
    """Open the confirm link `email` was sent and press its button; returns where it lands."""
    _to, _subject, text, _message = inbox.last_to(email)
    (confirm_path,) = link_paths(text)
    response = client.post(confirm_path)
    assert response.status_code == 302
    return response["Location"]


def draft_talk(**fields):
    start = (timezone.now() + timedelta(days=10)).replace(second=0, microsecond=0)
    return TalkFactory(status="draft", start=start, end=start + timedelta(hours=1), **fields)


def publish(talk, by):
    return services.talk_publish(talk=talk, by=by)


FEEDBACK_LINK = r"http://127\.0\.0\.1:8000/{}/[A-Za-z0-9_\-:.]+/"


def links_in(text: str, kind: str) -> list[str]:
    """The links to the question or feedback pages (kind "questions" or "feedback")."""
    return re.findall(FEEDBACK_LINK.format(kind), text)


def path_of(url: str) -> str:
    return url.removeprefix("http://127.0.0.1:8000")


def seat_for(talk, *, email=None, discreet=False):
    """A member's confirmed seat, made through the service (so its emails are queued)."""
    user = UserFactory(**({"email": email} if email else {}))
    return services.rsvp_create(
        talk=talk, email=user.email, name="Sam", user=user, discreet_emails=discreet
    ).rsvp


SITE_WIDE_ITEMS = [
    "How comfortable would you be recommending ketamine-assisted therapy to someone you "
    "care about, if their doctor suggested it?",
    "How well do you feel you understand what ketamine-assisted therapy involves?",
    "How comfortable would you be talking openly about it with friends or family?",
]


def site_wide_items_ensure():
    """The three site-wide items the migration gives a new site: a transactional test
    before this one (a live server, a race) flushes the rows migrations made."""
    from outreach.models import FeedbackItem

    if not FeedbackItem.objects.filter(series=None).exists():
        FeedbackItem.objects.bulk_create(
            FeedbackItem(wording=wording, position=n) for n, wording in enumerate(SITE_WIDE_ITEMS)
        )


@pytest.fixture(autouse=True)
def _site_wide_items(request):
    if request.node.get_closest_marker("django_db") and "migration" not in request.node.name:
        request.getfixturevalue("django_db_setup")
        site_wide_items_ensure()


@pytest.fixture
def frozen():
    """The impact tests' moment (tests/outreach/impact_data.py), still."""
    with time_machine.travel(NOW, tick=False):
        yield NOW
