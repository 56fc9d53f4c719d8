import re

import pytest

from events import services
from tests.factories import CoordinatorFactory, UserFactory

LINK = r"http://127\.0\.0\.1:8000/{}/[A-Za-z0-9_\-:.]+/"


def links_in(text: str, kind: str) -> list[str]:
    """The links to the question or feedback pages (kind "questions" or "feedback")."""
    return re.findall(LINK.format(kind), text)


def path_of(url: str) -> str:
    return url.removeprefix("http://127.0.0.1:8000")


def seat_for(talk, *, email=None, discreet=False):
    """A member's confirmed seat, made through the service (so its emails are queued)."""
    user = UserFactory(**({"email": email} if email else {}))
    return services.rsvp_create(
        talk=talk, email=user.email, name="Sam", user=user, discreet_emails=discreet
    ).rsvp


@pytest.fixture
def coordinator_client(client):
    client.force_login(CoordinatorFactory())
    return client
