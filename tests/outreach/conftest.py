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
