"""At the door, in a real browser: a coordinator's phone opens the QR code from a
person's confirmation email (sent through the outbox to a local SMTP server), presses
Check in, and the count moves; the check-in page fits a 390 px phone without sideways
scrolling, with its search box and tap targets of at least 44 px."""

import re

import pytest

from events import services
from tests.browser.test_accessibility import log_in
from tests.conftest import deliver_due, wait_for
from tests.factories import CoordinatorFactory, RsvpFactory, TalkFactory, UserFactory, WalkInFactory
from tests.qr import qr_texts

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
LONG_NAME = "Maximiliana-Esperanza Wolfeschlegelsteinhausenbergerdorff-Featherstonehaugh"


def the_code_in(smtp_server) -> str:
    """The link the confirmation's QR code carries (the same as its text part's)."""
    message = wait_for(
        lambda: smtp_server.handler.received and smtp_server.handler.messages()[0],
        what="the confirmation over SMTP",
    )
    [image] = [part for part in message.walk() if part.get_content_type() == "image/png"]
    [code] = qr_texts(image.get_content())
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert code in text
    return code


def test_a_coordinator_scans_a_code_and_checks_the_party_in(
    page, live_server, smtp_server, settings
):
    settings.SITE_URL = live_server.url
    talk = TalkFactory(max_companions=1, reminder_hours=[])
    RsvpFactory(talk=talk, party_size=1)
    member = UserFactory()
    services.rsvp_create(talk=talk, email=member.email, name="Robin", user=member, party_size=2)
    deliver_due()
    code = the_code_in(smtp_server)
    coordinator = CoordinatorFactory()
    log_in(page, live_server, coordinator)
    page.set_viewport_size(PHONE)

    page.goto(code)
    assert page.get_by_role("heading", level=1).inner_text() == "Robin"
    page.get_by_role("button", name="Check in", exact=True).click()

    assert page.url.endswith(
        f"/coordinate/talks/{talk.pk}/check-in/#rsvp-{talk.rsvps.get(name='Robin').pk}"
    )
    assert page.locator("#door-count").inner_text() == "2 of 3 people checked in"
    assert "Robin is checked in." in page.get_by_role("status").first.inner_text()


def test_the_attendee_scanning_their_own_code_sees_only_where_to_show_it(
    page, live_server, smtp_server, settings
):
    settings.SITE_URL = live_server.url
    talk = TalkFactory(title="Ketamine and grief", reminder_hours=[])
    member = UserFactory()
    services.rsvp_create(talk=talk, email=member.email, name="Robin", user=member)
    deliver_due()
    code = the_code_in(smtp_server)

    page.goto(code)

    assert page.get_by_role("heading", level=1).inner_text() == "Show this code at the door"
    assert [word for word in ("Robin", "Ketamine", "grief") if word in page.content()] == []
    assert page.get_by_role("button", name="Check in", exact=True).count() == 0


def test_the_check_in_page_fits_a_phone_with_large_tap_targets(page, live_server):
    talk = TalkFactory(
        title="A talk with a long title about ketamine-assisted therapy", capacity=30
    )
    RsvpFactory(talk=talk, name=LONG_NAME)
    RsvpFactory.create_batch(5, talk=talk)
    WalkInFactory(talk=talk, people=2, name=LONG_NAME)
    log_in(page, live_server, CoordinatorFactory())
    page.set_viewport_size(PHONE)

    page.goto(f"{live_server.url}/coordinate/talks/{talk.pk}/check-in/")

    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.get_by_role("searchbox", name="Find by name").is_visible()
    small = page.evaluate(
        """() => [...document.querySelectorAll('.door button, .door input:not([type=hidden])')]
            .map(e => [e.textContent.trim() || e.name, e.getBoundingClientRect()])
            .filter(([, box]) => box.height < 44 || box.width < 44)
            .map(([name, box]) => [name, Math.round(box.width), Math.round(box.height)])"""
    )
    assert small == []


def test_a_check_in_keeps_the_search_and_the_place_on_the_page(page, live_server):
    talk = TalkFactory()
    RsvpFactory.create_batch(30, talk=talk)
    robin = RsvpFactory(talk=talk, name="Zed Robinson")
    log_in(page, live_server, CoordinatorFactory())
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/coordinate/talks/{talk.pk}/check-in/")
    page.get_by_role("searchbox", name="Find by name").fill("robin")
    page.get_by_role("button", name="Search").click()

    page.get_by_role("button", name="Check in Zed Robinson").click()

    assert re.search(rf"\?q=robin#rsvp-{robin.pk}$", page.url)
    assert page.get_by_role("searchbox", name="Find by name").input_value() == "robin"
    assert page.get_by_role("button", name="Undo check-in for Zed Robinson").is_visible()
