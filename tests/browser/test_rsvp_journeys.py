"""A member's RSVP in a browser: the success page, changing the party, cancelling after
one question, and the way back."""

import pytest

from events.models import Rsvp
from tests.browser.test_accessibility import log_in
from tests.factories import RsvpFactory, TalkFactory, UserFactory

pytestmark = pytest.mark.browser


def test_a_member_rsvps_lands_on_the_success_page_and_changes_the_party(page, live_server):
    member = UserFactory()
    talk = TalkFactory(
        title="Ketamine-assisted therapy: the evidence", capacity=3, max_companions=2
    )
    RsvpFactory(talk=talk)
    log_in(page, live_server, member)

    page.goto(f"{live_server.url}/talks/{talk.slug}/")
    page.get_by_role("button", name="RSVP").click()

    rsvp = Rsvp.objects.get(email=member.email)
    assert page.url == f"{live_server.url}/me/rsvps/{rsvp.pk}/"
    assert page.get_by_role("heading", level=1).inner_text() == "You are going"
    assert page.get_by_role("link", name="Download .ics").is_visible()
    page.get_by_label("People coming with you").select_option("2")  # 3: only 2 seats free
    page.get_by_role("button", name="Save").click()
    assert "There are not enough free seats" in page.locator(".messages").inner_text()
    page.get_by_label("People coming with you").select_option("1")
    page.get_by_role("button", name="Save").click()

    assert page.locator(".messages").inner_text() == "Your RSVP is now for 2 people."
    assert "2 people" in page.locator("dl.talk-facts").inner_text()
    assert Rsvp.objects.get(pk=rsvp.pk).party_size == 2


def test_a_member_cancels_from_my_talks_after_one_question_and_can_rsvp_again(page, live_server):
    member = UserFactory()
    talk = TalkFactory(title="Ketamine 101", capacity=1)
    RsvpFactory(talk=talk, email=member.email, user=member)
    RsvpFactory(talk=talk, status="waitlisted")
    log_in(page, live_server, member)

    page.goto(f"{live_server.url}/me/talks/")
    page.get_by_role("link", name="Cancel Ketamine 101").click()
    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading.startswith("Cancel your seat for “Ketamine 101” on ")
    assert page.get_by_text("Someone on the waitlist will get it.").is_visible()
    button = page.get_by_role("button", name="Yes, cancel my seat")
    assert "rgb(164, 0, 0)" in button.evaluate("b => getComputedStyle(b).backgroundColor")
    assert Rsvp.objects.get(email=member.email).status == "confirmed"
    button.click()

    assert page.get_by_role("heading", level=1).inner_text() == "Your RSVP is cancelled"
    assert Rsvp.objects.get(email=member.email).status == "cancelled"
    page.get_by_role("link", name="Join the waitlist").click()  # the waiting person has it
    assert page.url.endswith(f"/talks/{talk.slug}/#your-rsvp")
