import re

import pytest

from events.models import Rsvp
from tests.conftest import wait_for
from tests.factories import TalkFactory

pytestmark = pytest.mark.browser


def link_from(smtp_server, index: int, pattern: str) -> str:
    message = wait_for(
        lambda: len(smtp_server.handler.received) > index and smtp_server.handler.messages()[index],
        what=f"email #{index + 1} over SMTP",
    )
    body = message.get_body(preferencelist=("plain",)).get_content()
    return re.search(pattern, body).group(0)


def test_guest_rsvp_confirm_link_then_cancel_link_in_a_browser(
    page, live_server, celery_worker, smtp_server, settings
):
    settings.SITE_URL = live_server.url
    talk = TalkFactory(title="Ketamine-assisted therapy: the evidence", capacity=10)

    page.goto(f"{live_server.url}/talks/{talk.slug}/")
    page.get_by_label("Your name").fill("Robin")
    page.get_by_role("textbox", name="Email").fill("robin@example.org")
    page.get_by_role("button", name="RSVP").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Check your email"

    confirm_url = link_from(smtp_server, 0, rf"{live_server.url}/rsvp/\S+/confirm/")
    page.goto(confirm_url)
    page.get_by_role("button", name="Confirm my RSVP").click()
    assert "You are going" in page.get_by_role("status").last.inner_text()

    manage_url = link_from(smtp_server, 1, rf"{live_server.url}/rsvp/[^/\s]+/")
    page.goto(manage_url)
    page.get_by_role("link", name="Cancel my RSVP").click()
    page.get_by_role("button", name="Yes, cancel my seat").click()

    assert "Your RSVP is cancelled" in page.get_by_role("status").last.inner_text()
    assert Rsvp.objects.get().status == "cancelled"
    assert [m["To"] for m in smtp_server.handler.messages()][:2] == ["robin@example.org"] * 2
