"""Discreet means discreet everywhere: no header, part or attachment of a discreet email
names the talk, where it is, what it is about, or who runs it."""

import pytest
from icalendar import Calendar

from events import services
from tests.conftest import deliver_due, parsed
from tests.events.test_email_calendar import (
    ACCESS,
    ADDRESS,
    FOOTER,
    NEW_VENUE,
    SITE_NAME,
    SLUG,
    TITLE,
    TOPIC,
    VENUE,
    calendar_texts,
    every_email_kind,
)
from tests.factories import TalkFactory
from tests.qr import qr_texts

REVEALING = [
    TITLE,
    SLUG,
    TOPIC,
    VENUE,
    NEW_VENUE,
    *ADDRESS.splitlines(),
    ACCESS,
    FOOTER,
    SITE_NAME,
    "ketamine",
    "PTSD",
    "Larimer",
    "Crisis",
    "Parking",
]


def everything_shown(message) -> str:
    """Every header and every decoded part of a message, calendar lines unfolded, and what
    its images say as QR codes (the check-in code's link)."""
    email = parsed(message)
    shown = [f"{name}: {value}" for name, value in email.items()]
    for part in email.walk():
        shown += [f"{name}: {value}" for name, value in part.items()]
        if part.get_content_type() == "image/png":
            shown += qr_texts(part.get_content())
        elif not part.is_multipart():
            shown.append(part.get_content().replace("\r\n ", ""))
    return "\n".join(shown)


@pytest.mark.django_db
def test_no_discreet_email_of_any_kind_names_the_talk_place_topic_or_organisation(settings):
    settings.SITE_NAME = SITE_NAME

    emails = every_email_kind(discreet=True)

    leaks = [
        (kind, word)
        for kind, message in emails
        for word in REVEALING
        if word.lower() in everything_shown(message).lower()
    ]
    assert leaks == []
    assert sorted({kind for kind, _message in emails}) == [
        "coordinator_message",
        "reminder",
        "rsvp_cancelled",
        "rsvp_confirm_request",
        "rsvp_confirmed",
        "rsvp_link",
        "rsvp_party_changed",
        "rsvp_promoted",
        "rsvp_waitlisted",
        "talk_cancelled",
        "talk_changed",
        "thank_you",
    ]
    assert {message.from_email for _kind, message in emails} == {"Events <talks@localhost>"}


@pytest.mark.django_db
def test_the_same_emails_not_discreet_do_name_the_talk_and_carry_the_footer(settings):
    """The control for the test above: its words are there to find when not discreet."""
    settings.SITE_NAME = SITE_NAME

    emails = dict(every_email_kind(discreet=False))

    shown = everything_shown(emails["rsvp_confirmed"])
    assert [word for word in (TITLE, VENUE, FOOTER, SITE_NAME) if word not in shown] == []


@pytest.mark.django_db
def test_a_discreet_calendar_file_names_no_one_and_links_nowhere(settings):
    """A calendar others can see leads them nowhere: no URL (a link to the person's RSVP
    would be a key to it), no description, and nothing that names the organisation."""
    settings.SITE_NAME = "Community Talks"
    talk = TalkFactory(title=TITLE, venue__name=VENUE)
    rsvp = services.rsvp_create(talk=talk, email="q@example.org", name="Q", discreet_emails=True)
    services.rsvp_confirm_email(rsvp=rsvp.rsvp, discreet_emails=True)
    deliver_due()
    services.talk_update(talk=talk, by=None, title="Ketamine, explained")
    (update,) = deliver_due()

    (_method, text), _attachment = calendar_texts(update)
    event = Calendar.from_ical(text).walk("VEVENT")[0]
    assert [
        name for name in ("URL", "DESCRIPTION", "LOCATION", "GEO", "CATEGORIES") if name in event
    ] == []
    assert "Community Talks" not in text
    assert (str(event["ORGANIZER"]), event["ORGANIZER"].params.get("CN")) == (
        "mailto:talks@localhost",
        None,
    )
