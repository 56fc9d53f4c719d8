"""Every action in an email is a real link: an <a> styled as a button in the HTML part,
with good contrast and words saying where it goes, and the plain URL in the text part."""

import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest

from events import services
from tests.conftest import deliver_due, parsed, text_of
from tests.factories import RsvpFactory, TalkFactory, UserFactory


class Anchors(HTMLParser):
    """The document's language and its anchors: (href, text, style)."""

    def __init__(self):
        super().__init__()
        self.lang, self.anchors, self._open = None, [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag == "a":
            self._open = [attrs.get("href"), "", attrs.get("style") or ""]

    def handle_data(self, data):
        if self._open:
            self._open[1] += data

    def handle_endtag(self, tag):
        if tag == "a" and self._open:
            href, text, style = self._open
            self.anchors.append((href, " ".join(text.split()), style))
            self._open = None


def html_of(message) -> Anchors:
    reader = Anchors()
    reader.feed(parsed(message).get_body(preferencelist=("html",)).get_content())
    return reader


def url_after(message, label: str) -> str:
    """The plain URL the text part gives after `label`."""
    return re.search(rf"{re.escape(label)}\s*:?\s*(https?://\S+)", text_of(message)).group(1)


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(style: str) -> float:
    """WCAG contrast between a button's text colour and its background."""
    colours = dict(re.findall(r"(?:^|;)\s*(color|background-color)\s*:\s*(#[0-9a-fA-F]{6})", style))
    light, dark = sorted(
        (_luminance(colours["color"]), _luminance(colours["background-color"])), reverse=True
    )
    return (light + 0.05) / (dark + 0.05)


def button(message, href: str) -> tuple[str, str]:
    """The anchor to `href`: its text, and whether it is a button with AA contrast."""
    ((text, style),) = [(t, s) for h, t, s in html_of(message).anchors if h == href]
    return text, "display: inline-block" in style and contrast(style) >= 4.5


@pytest.mark.django_db
def test_the_confirm_link_is_a_button_in_the_html_and_a_plain_url_in_the_text():
    talk = TalkFactory(title="Ketamine 101")
    services.rsvp_create(talk=talk, email="guest@example.org", name="Guest")

    (message,) = deliver_due()

    confirm_url = url_after(message, "Please confirm your RSVP by opening this link")
    assert re.fullmatch(r"http://127\.0\.0\.1:8000/rsvp/[^/]+/confirm/", confirm_url)
    assert button(message, confirm_url) == ("Confirm your RSVP", True)
    assert html_of(message).lang == "en"


@pytest.mark.django_db
def test_the_rsvp_again_link_is_a_button(settings):
    talk = TalkFactory(title="Ketamine 101")
    user = UserFactory()
    rsvp = services.rsvp_create(talk=talk, email=user.email, name="Sam", user=user).rsvp
    services.rsvp_cancel(rsvp=rsvp)

    *_confirmation, message = deliver_due()

    again = url_after(message, "Changed your mind? You can RSVP again")
    assert again == f"http://127.0.0.1:8000/talks/{talk.slug}/"
    assert button(message, again) == ("RSVP again", True)


@pytest.mark.django_db
def test_the_feedback_link_is_a_button():
    talk = TalkFactory(title="Ketamine 101")
    RsvpFactory(talk=talk)
    after = talk.end + timedelta(hours=2)

    services.talks_send_thanks(now=after)
    (message,) = deliver_due(after)

    feedback = url_after(message, "It takes two minutes and is anonymous")
    assert re.fullmatch(r"http://127\.0\.0\.1:8000/feedback/[A-Za-z0-9_-]{43}/", feedback)
    assert button(message, feedback) == ("Give your feedback", True)


@pytest.mark.django_db
def test_the_manage_link_is_a_button_in_every_rsvp_email():
    talk = TalkFactory(title="Ketamine 101")
    user = UserFactory()
    services.rsvp_create(talk=talk, email=user.email, name="Sam", user=user)

    (message,) = deliver_due()

    manage = url_after(message, "See, change or cancel your RSVP")
    assert button(message, manage) == ("See, change or cancel your RSVP", True)
