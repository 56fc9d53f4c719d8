"""Helpers for the announcement tests: every email is read back from the local SMTP
server, as the recipient's mail program gets it."""

import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from events import services
from tests.conftest import deliver_due
from tests.factories import CoordinatorFactory, TalkFactory
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


@pytest.fixture
def frozen():
    """The impact tests' moment (tests/outreach/impact_data.py), still."""
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.fixture
def coordinator_client(client, db):
    client.force_login(CoordinatorFactory())
    return client
