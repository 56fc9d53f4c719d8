"""The thank-you email lists the talk's topics' resources (title, source, link, kind) in
both its parts, read back from a real SMTP server; a discreet one names none of them and
links to the person's RSVP page instead, where the talk's page and its reading are."""

from datetime import timedelta
from html.parser import HTMLParser

import pytest

from events import services
from notifications.preferences import preference_update
from tests.conftest import deliver_due
from tests.factories import ResourceFactory, RsvpFactory, TalkFactory, TopicFactory


class Links(HTMLParser):
    """Each <a> of an HTML part as (href, text)."""

    def __init__(self):
        super().__init__()
        self.found, self._href = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._href, self._text = dict(attrs)["href"], ""

    def handle_data(self, data):
        if self._href is not None:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            self.found.append((self._href, self._text.strip()))
            self._href = None


def links_of(html: str) -> list[tuple[str, str]]:
    parser = Links()
    parser.feed(html)
    return parser.found


def thank(talk, smtp_server) -> list:
    after = talk.end + timedelta(hours=2)
    services.talks_send_thanks(now=after)
    deliver_due(after)
    return smtp_server.handler.messages()


def parts(message) -> tuple[str, str]:
    text = message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")
    html = message.get_body(preferencelist=("html",)).get_content()
    return text, html


@pytest.fixture
def talk_with_reading(db):
    sleep, ptsd = TopicFactory(name="Sleep"), TopicFactory(name="PTSD")
    talk = TalkFactory(title="Sleep, PTSD and ketamine", topics=[sleep, ptsd])
    ResourceFactory(
        title="988 Suicide & Crisis Lifeline",
        source="988 Lifeline",
        link="https://988lifeline.org/",
        kind="support",
        topics=[sleep, ptsd],
    )
    ResourceFactory(
        title="Ketamine for PTSD: a review",
        source="A journal of psychiatry",
        link="https://journal.example.org/ketamine-ptsd",
        kind="research",
        topics=[ptsd],
    )
    ResourceFactory(title="About another topic", topics=[TopicFactory()])
    return talk


@pytest.mark.django_db
def test_the_thank_you_email_lists_the_talks_topics_resources_in_both_parts(
    smtp_server, talk_with_reading
):
    RsvpFactory(talk=talk_with_reading, name="Sam")

    (message,) = thank(talk_with_reading, smtp_server)
    text, html = parts(message)

    assert message["Subject"] == "Thank you for coming: Sleep, PTSD and ketamine"
    listed = text[text.index("Reading to take home:") : text.index("\n--\n")]
    assert listed.strip().splitlines() == [
        "Reading to take home:",
        "- 988 Suicide & Crisis Lifeline (Support line, 988 Lifeline)",
        "  https://988lifeline.org/",
        "- Ketamine for PTSD: a review (Research paper, A journal of psychiatry)",
        "  https://journal.example.org/ketamine-ptsd",
    ]
    resource_links = [link for link in links_of(html) if "988" in link[0] or "journal" in link[0]]
    assert resource_links == [
        ("https://988lifeline.org/", "988 Suicide & Crisis Lifeline"),
        ("https://journal.example.org/ketamine-ptsd", "Ketamine for PTSD: a review"),
    ]
    assert "(Research paper, A journal of psychiatry)" in html
    assert "About another topic" not in text + html


@pytest.mark.django_db
def test_a_discreet_thank_you_email_names_no_resource_and_links_to_the_rsvp_page(
    smtp_server, talk_with_reading
):
    rsvp = RsvpFactory(talk=talk_with_reading, name="Sam")
    preference_update(email=rsvp.email, discreet=True)

    (message,) = thank(talk_with_reading, smtp_server)
    text, html = parts(message)
    shown = message.as_string() + text + html

    revealing = ["988", "Lifeline", "Ketamine", "PTSD", "journal", "Support line", "Research"]
    assert [word for word in revealing if word.lower() in shown.lower()] == []
    local_start = talk_with_reading.start.astimezone(talk_with_reading.tzinfo)
    assert message["Subject"] == f"Thank you for coming on {local_start:%-d %B}"
    line = next(line for line in text.splitlines() if "Some reading" in line)
    manage = line.split(": ", 1)[1]
    assert line == f"Some reading we recommend afterwards is linked from your RSVP's page: {manage}"
    assert manage.startswith("http://127.0.0.1:8000/rsvp/")
    assert (manage, "your RSVP's page") in links_of(html)


@pytest.mark.django_db
def test_a_talk_without_resources_sends_no_reading_block(smtp_server):
    talk = TalkFactory(topics=[TopicFactory(name="Sleep")])
    RsvpFactory(talk=talk)

    (message,) = thank(talk, smtp_server)
    text, html = parts(message)

    assert ("Reading to take home" in text + html, "Some reading" in text + html) == (False, False)
