"""Who is coming never leaks: posting an address that already has an RSVP and posting a new
one change no public byte (page, seat count, feeds, headers), and answer the same."""

import re

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import RsvpFactory, TalkFactory, TopicFactory

pytestmark = pytest.mark.django_db

MASKED = re.compile(
    r'(name="csrfmiddlewaretoken" value=")[^"]+|(csrftoken=)[^;]+|(sessionid=)[^;]+'
)
VARYING_HEADERS = {"Date"}


def normalised(response) -> tuple:
    headers = {
        name: MASKED.sub(lambda m: m.group(0).split("=")[0] + "=…", value)
        for name, value in response.headers.items()
        if name not in VARYING_HEADERS
    }
    cookies = sorted(response.cookies)
    body = MASKED.sub("…", response.content.decode())
    return response.status_code, headers, cookies, body


def public_snapshot(talk) -> dict:
    stranger = Client()
    paths = [
        "/",
        "/talks/past/",
        talk.get_absolute_url(),
        "/calendar.ics",
        f"/talks/{talk.slug}.ics",
        f"/topics/{talk.topics.get().slug}/calendar.ics",
    ]
    return {path: normalised(stranger.get(path)) for path in paths}


def guest_post(talk, email):
    return Client().post(
        f"/talks/{talk.slug}/rsvp/", {"name": "Someone", "email": email, "discreet_emails": "on"}
    )


def test_posting_a_known_or_a_new_address_changes_no_public_byte_and_answers_the_same():
    talk = TalkFactory(capacity=5, topics=[TopicFactory(slug="ptsd")])
    RsvpFactory(talk=talk, email="known@example.org")
    before = public_snapshot(talk)

    known = normalised(guest_post(talk, "known@example.org"))
    after_known = public_snapshot(talk)
    new = normalised(guest_post(talk, "new@example.org"))
    after_new = public_snapshot(talk)

    assert known == new
    assert before == after_known
    assert before == after_new


def landing(talk, email) -> tuple:
    """What a guest's browser shows after the RSVP form: the page it is sent to, then the
    talk page as that browser sees it next."""
    browser = Client()
    response = browser.post(
        f"/talks/{talk.slug}/rsvp/",
        {"name": "Someone", "email": email, "discreet_emails": "on"},
        follow=True,
    )
    return response.redirect_chain, normalised(response), normalised(browser.get(talk.url))


def test_the_check_your_email_page_is_the_same_for_a_known_or_a_new_address(time_machine):
    time_machine.move_to(timezone.now(), tick=False)  # both answers carry the same Expires
    talk = TalkFactory(capacity=5, topics=[TopicFactory(slug="ptsd")])
    talk.url = talk.get_absolute_url()
    RsvpFactory(talk=talk, email="known@example.org")

    known = landing(talk, "known@example.org")
    new = landing(talk, "new@example.org")

    assert known == new
    assert known[0] == [(f"/talks/{talk.slug}/rsvp/sent/", 302)]
    assert "<h1>Check your email</h1>" in known[1][3]
