"""A coordinator's message to attendees: a preview as a made-up attendee gets it (plain
and discreet), a test copy to oneself, and Markdown rendered safely in the HTML part."""

import pytest

from events.models import TalkChange
from notifications.models import OutgoingEmail
from notifications.preferences import preference_update
from tests.conftest import deliver_due, parsed, text_of
from tests.factories import RsvpFactory, TalkFactory

pytestmark = pytest.mark.django_db

BODY = "Use the **east** entrance.\n\n<script>alert(1)</script>[map](javascript:alert(2))"
WORDS = {"audience": "confirmed", "subject": "Parking", "body": BODY}


def html_of(message) -> str:
    return parsed(message).get_body(preferencelist=("html",)).get_content()


@pytest.fixture
def talk(db):
    talk = TalkFactory(title="Ketamine and depression")
    RsvpFactory(talk=talk, name="Robin", email="robin@example.org")
    return talk


def message_url(talk) -> str:
    return f"/coordinate/talks/{talk.pk}/message/"


def test_a_preview_shows_both_emails_and_sends_nothing(coordinator_client, talk):
    response = coordinator_client.post(message_url(talk), {**WORDS, "action": "preview"})

    previews = response.context["previews"]
    assert response.status_code == 200
    assert (previews["plain"].subject, previews["discreet"].subject) == (
        "Parking",
        f"Message about your event on {talk.start.astimezone(talk.tzinfo):%-d %B}",
    )
    assert "Hello Alex Example," in previews["plain"].text
    assert "Use the **east** entrance." in previews["plain"].text
    assert "Use the <strong>east</strong> entrance." in previews["plain"].html
    assert "east" not in previews["discreet"].text + previews["discreet"].html
    assert "Ketamine" not in previews["discreet"].text + previews["discreet"].html
    assert (OutgoingEmail.objects.count(), TalkChange.objects.filter(action="message").count()) == (
        0,
        0,
    )


def test_a_previews_html_is_cleaned_and_framed_without_script(coordinator_client, talk):
    response = coordinator_client.post(message_url(talk), {**WORDS, "action": "preview"})

    html = response.context["previews"]["plain"].html
    assert ("<script" in html, "javascript:" in html) == (False, False)
    assert '<iframe sandbox="" srcdoc="&lt;!DOCTYPE html&gt;' in response.content.decode()
    assert 'title="The email, as HTML"' in response.content.decode()
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_a_test_goes_to_the_coordinator_alone_marked_as_a_test(
    coordinator_client, coordinator, talk
):
    response = coordinator_client.post(message_url(talk), {**WORDS, "action": "test"})
    (message,) = deliver_due()

    assert response.status_code == 200
    assert (message.to, message.subject) == ([coordinator.email], "[Test] Parking")
    assert text_of(message).startswith("This is a test: only you got it.")
    assert "<strong>east</strong>" in html_of(message)
    assert TalkChange.objects.filter(action="message").count() == 0


def test_the_message_sent_has_markdown_in_html_and_as_typed_in_text(coordinator_client, talk):
    coordinator_client.post(message_url(talk), {**WORDS, "action": "send"})
    (message,) = deliver_due()

    assert message.to == ["robin@example.org"]
    assert "Use the <strong>east</strong> entrance." in html_of(message)
    assert ("<script" in html_of(message), "javascript:" in html_of(message)) == (False, False)
    assert "Use the **east** entrance." in text_of(message)


def test_a_discreet_recipient_still_gets_only_the_neutral_note(coordinator_client, talk):
    preference_update(email="robin@example.org", discreet=True)

    coordinator_client.post(message_url(talk), {**WORDS, "action": "send"})
    (message,) = deliver_due()

    assert "east" not in text_of(message) + html_of(message)
    assert "read it on your RSVP page" in text_of(message)
