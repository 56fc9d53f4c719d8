"""A confirmed seat's email carries its check-in code: a QR code drawn here, inline in the
HTML part (multipart/related, by Content-ID), read back by zxing-cpp as the same link the
text part spells out; the link opens the person's check-in page. Only a seat gets one."""

import re

import pytest
from django.urls import resolve

from events import services, tokens
from notifications.preferences import preference_update
from notifications.qr import qr_png
from tests.conftest import deliver_due, wait_for
from tests.factories import RsvpFactory, TalkFactory, UserFactory
from tests.qr import qr_texts

pytestmark = pytest.mark.django_db
SITE = "https://talks.example.org"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


def sent_over_smtp(smtp_server, count: int = 1) -> list:
    deliver_due()
    wait_for(lambda: len(smtp_server.handler.received) >= count, what="the emails over SMTP")
    return smtp_server.handler.messages()


def shape(message) -> list[str]:
    """The MIME tree, each part's type indented by its depth."""

    def walk(part, depth):
        yield "  " * depth + part.get_content_type()
        if part.is_multipart():
            for child in part.get_payload():
                yield from walk(child, depth + 1)

    return list(walk(message, 0))


def images(message) -> list:
    return [part for part in message.walk() if part.get_content_type() == "image/png"]


def text_link(message) -> str | None:
    text = message.get_body(preferencelist=("plain",)).get_content()
    found = re.search(rf"{re.escape(SITE)}/check-in/\S+/", text)
    return found and found.group(0)


def rsvp_of(link: str | None) -> int | None:
    """The RSVP a check-in link is for (signed tokens differ by the second they are made)."""
    if link is None:
        return None
    token = resolve(link.removeprefix(SITE)).kwargs["token"]
    return tokens.rsvp_id_from_token(token=token, purpose=tokens.CHECK_IN)


def test_a_confirmed_seat_email_carries_its_check_in_code_inline(smtp_server):
    member = UserFactory()
    talk = TalkFactory(title="Ketamine and depression", reminder_hours=[])
    rsvp = services.rsvp_create(talk=talk, email=member.email, name="Sam", user=member).rsvp

    [message] = sent_over_smtp(smtp_server)

    assert message["Subject"] == "You are going: Ketamine and depression"
    assert shape(message) == [
        "multipart/mixed",
        "  multipart/alternative",
        "    text/plain",
        "    multipart/related",
        "      text/html",
        "      image/png",
        "    text/calendar",
        "  text/calendar",
    ]
    [image] = images(message)
    html = message.get_body(preferencelist=("html",)).get_content()
    content_id = image["Content-ID"].strip("<>")
    assert f'<img src="cid:{content_id}" alt="Your check-in code"' in html
    assert image.get_content_disposition() == "inline"
    link = text_link(message)
    assert qr_texts(image.get_content()) == [link]
    assert image.get_content() == qr_png(link)
    assert rsvp_of(link) == rsvp.pk


def test_a_seat_from_the_waitlist_gets_its_code_too(smtp_server):
    talk = TalkFactory(capacity=1, reminder_hours=[])
    seated = RsvpFactory(talk=talk)
    member = UserFactory()
    waiting = services.rsvp_create(talk=talk, email=member.email, name="Kim", user=member).rsvp
    services.rsvp_cancel(rsvp=seated, notify=False)

    messages = sent_over_smtp(smtp_server, 2)

    assert [(m["To"], len(images(m)), rsvp_of(text_link(m))) for m in messages] == [
        (member.email, 0, None),  # waitlisted: no seat, no code
        (member.email, 1, waiting.pk),  # promoted
    ]
    assert qr_texts(images(messages[1])[0].get_content()) == [text_link(messages[1])]


def test_a_guest_waiting_to_confirm_gets_no_code(smtp_server):
    talk = TalkFactory()
    services.rsvp_create(talk=talk, email="guest@example.org", name="Guest")

    [message] = sent_over_smtp(smtp_server)

    assert (len(images(message)), text_link(message)) == (0, None)
    assert "multipart/related" not in shape(message)[2:4]


def test_a_discreet_email_s_code_carries_only_a_token(smtp_server):
    member = UserFactory()
    preference_update(email=member.email, discreet=True)
    talk = TalkFactory(title="Ketamine for PTSD", slug="ketamine-ptsd", reminder_hours=[])
    rsvp = services.rsvp_create(talk=talk, email=member.email, name="Sam", user=member).rsvp

    [message] = sent_over_smtp(smtp_server)

    [code] = qr_texts(images(message)[0].get_content())
    assert (code, rsvp_of(code)) == (text_link(message), rsvp.pk)
    assert re.fullmatch(rf"{re.escape(SITE)}/check-in/[A-Za-z0-9_\-:.]+/", code)
    assert "ketamine" not in code.lower()


def test_in_one_batch_each_person_gets_their_own_code_and_no_one_elses(smtp_server):
    """Confirmations to one talk leave in one batch, whose messages otherwise share their
    parts (notifications/fanout.py): a check-in code is never shared."""
    talk = TalkFactory(reminder_hours=[])
    members = UserFactory.create_batch(3)
    rsvps = {
        member.email: services.rsvp_create(
            talk=talk, email=member.email, name=f"Person {n}", user=member
        ).rsvp.pk
        for n, member in enumerate(members)
    }

    messages = sent_over_smtp(smtp_server, count=3)

    for message in messages:
        [image] = images(message)
        link = text_link(message)
        assert rsvp_of(link) == rsvps[message["To"]]
        assert qr_texts(image.get_content()) == [link]
