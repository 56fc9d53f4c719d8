"""Asking for a data link: by email only, the same answer whatever the address, a few an
hour at most, and an email that names nothing about talks in discreet mode."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from events import services, tokens
from notifications.models import OutgoingEmail
from notifications.preferences import email_settings_update
from tests.conftest import NEVER_STORED, deliver_due, parsed, text_of
from tests.events.test_email_calendar import FOOTER, SITE_NAME, TITLE
from tests.events.test_email_discreet import REVEALING, everything_shown
from tests.factories import RsvpFactory, TalkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_links_or_limits_left():
    """Data links and rate limits live in the default cache: each test starts empty."""
    cache.clear()


def mid_hour():
    """A moment well inside one rate-limit window, so a test never straddles two."""
    return time_machine.travel(timezone.now().replace(minute=20), tick=False)


def data_link_in(message) -> str:
    """The path of the data link an email carries."""
    url = re.search(r"https?://\S+/data/\S+/", text_of(message)).group(0)
    return urlsplit(url).path


def asked_for(client, email: str) -> str:
    """Ask for a link on the request page; what the person is then shown."""
    response = client.post("/data/", {"email": email})
    assert (response.status_code, response["Location"]) == (302, "/data/")
    page = client.get("/data/").content.decode()
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)


def data_links_queued() -> list[str]:
    return list(OutgoingEmail.objects.filter(kind="data_link").values_list("recipient", flat=True))


def test_the_answer_is_the_same_for_a_known_and_an_unknown_address(client):
    RsvpFactory(email="known@example.org")

    known = asked_for(client, "Known@Example.org")
    unknown = asked_for(client, "nobody@example.org")

    assert known == unknown
    assert "If we hold anything for that address, we have emailed it a link" in known
    assert data_links_queued() == ["known@example.org"]


def test_past_the_limit_a_request_answers_the_same_and_queues_nothing(client):
    RsvpFactory(email="known@example.org")
    with mid_hour():
        answers = {asked_for(client, "known@example.org") for _ in range(4)}
        assert len(data_links_queued()) == 3

    assert len(answers) == 1
    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        asked_for(client, "known@example.org")
    assert len(data_links_queued()) == 4


def test_one_client_asking_for_many_addresses_is_limited_too(client):
    addresses = [f"person{n}@example.org" for n in range(12)]
    for address in addresses:
        RsvpFactory(email=address)

    with mid_hour():
        for address in addresses:
            asked_for(client, address)

    assert sorted(data_links_queued()) == sorted(addresses[:10])


def test_a_request_page_needs_no_link_and_is_never_stored(client):
    page = client.get("/data/")

    assert page.status_code == 200
    assert page["Cache-Control"] == NEVER_STORED
    assert 'type="email"' in page.content.decode()


def test_not_an_address_is_a_form_error_and_sends_nothing(client):
    response = client.post("/data/", {"email": "not an address"})

    assert response.status_code == 400
    assert data_links_queued() == []


def test_the_manage_page_emails_a_link_to_that_rsvps_address_only(client):
    rsvp = services.rsvp_create(talk=TalkFactory(), email="guest@example.org", name="G").rsvp
    manage = tokens.rsvp_token(rsvp_id=rsvp.pk, purpose=tokens.MANAGE)

    page = client.get(f"/rsvp/{manage}/").content.decode()
    response = client.post(f"/rsvp/{manage}/data-link/")

    assert f'action="/rsvp/{manage}/data-link/"' in page
    assert response["Location"] == f"/rsvp/{manage}/"
    assert data_links_queued() == ["guest@example.org"]
    assert client.post("/rsvp/not-a-token/data-link/").status_code == 404
    assert client.get(f"/rsvp/{manage}/data-link/").status_code == 405


def test_the_email_carries_a_link_that_works_for_thirty_minutes(client, settings):
    settings.SITE_NAME = SITE_NAME
    RsvpFactory(email="guest@example.org")
    asked_for(client, "guest@example.org")

    [message] = deliver_due()

    assert parsed(message)["Subject"] == f"Your data at {SITE_NAME}"
    assert "The link works for 30 minutes" in text_of(message)
    assert client.get(data_link_in(message)).status_code == 200


def test_a_discreet_data_link_email_names_nothing_about_talks(client, settings):
    settings.SITE_NAME = SITE_NAME
    email_settings_update(footer=FOOTER, discreet_by_default=True, discreet_sender_name="Events")
    services.rsvp_create(talk=TalkFactory(title=TITLE), email="guest@example.org", name="G")
    deliver_due()
    asked_for(client, "guest@example.org")

    [message] = deliver_due()

    shown = everything_shown(message).lower()
    assert [word for word in REVEALING if word.lower() in shown] == []
    assert parsed(message)["Subject"] == "Your data link"
    assert client.get(data_link_in(message)).status_code == 200


def test_a_link_not_sent_within_its_life_is_never_sent(client):
    RsvpFactory(email="guest@example.org")
    asked_for(client, "guest@example.org")

    sent = deliver_due(now=timezone.now() + timedelta(minutes=31))

    assert sent == []
