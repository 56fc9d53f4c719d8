"""Calendar files in emails never contradict the RSVP: a seat adds the event, a cancelled
RSVP or talk takes it out (METHOD:CANCEL), and pending or waitlisted people get no file.
Every attachment is read with the four parsers the feed tests use."""

from datetime import timedelta
from functools import partial

import pytest
import time_machine
from django.utils import timezone
from icalendar import Calendar

from events import services
from events.models import Talk
from notifications.models import OutgoingEmail
from notifications.preferences import email_settings_update
from notifications.rendering import message_id
from tests.conftest import deliver_due, parsed
from tests.events.test_feeds import PARSERS, by_icalendar, by_icaljs
from tests.factories import CoordinatorFactory, TalkFactory, TopicFactory, UserFactory, VenueFactory

TITLE = "Ketamine for PTSD"
SLUG = "ketamine-for-ptsd"
TOPIC = "Treatment-resistant depression"
VENUE = "Mile High Wellness Center"
ADDRESS = "1400 Larimer St\nDenver, CO"
ACCESS = "Use the Mile High Wellness Center side door on Larimer St."
NEW_VENUE = "Larimer Psychiatry Annex"
FOOTER = "Front Range Psychedelic Clinic · Colorado Crisis Line: 844-493-8255"
SITE_NAME = "Front Range Psychedelic Clinic"
SEATED, GUEST, WAITING = "seated@example.org", "guest@example.org", "waiting@example.org"


def rsvp_as_member(talk, email):
    user = UserFactory(email=email)
    return services.rsvp_create(talk=talk, email=email, name="Sam", user=user).rsvp


def every_email_kind(*, discreet: bool) -> list[tuple[str, object]]:
    """One talk's life, in which every kind of email goes out at least once: (kind, message).

    SEATED is confirmed and later cancels; GUEST never confirms; WAITING is waitlisted,
    brings a companion and thinks better of it, then gets SEATED's seat.
    """
    email_settings_update(
        footer=FOOTER, discreet_by_default=discreet, discreet_sender_name="Events"
    )
    coordinator = CoordinatorFactory()
    venue = VenueFactory(name=VENUE, address=ADDRESS, accessibility_notes=ACCESS)
    talk = TalkFactory(
        title=TITLE,
        slug=SLUG,
        venue=venue,
        capacity=1,
        max_companions=1,
        topics=[TopicFactory(name=TOPIC)],
    )
    sent = []
    seated = rsvp_as_member(talk, SEATED)
    services.rsvp_create(talk=talk, email=GUEST, name="Guest")
    services.rsvp_create(talk=talk, email=GUEST, name="Guest")  # the link to the RSVP it has
    waiting = rsvp_as_member(talk, WAITING)
    services.rsvp_party_change(rsvp=waiting, party_size=2)
    services.rsvp_party_change(rsvp=waiting, party_size=1)
    services.talk_message_attendees(
        talk=talk,
        by=coordinator,
        subject=f"Parking at {VENUE}",
        body=f"Before the ketamine talk, park behind {VENUE}.",
        audience="both",
    )
    sent += deliver_due()
    start = talk.start + timedelta(days=1)
    services.talk_reschedule(talk=talk, start=start, end=start + timedelta(hours=2), by=coordinator)
    talk = Talk.objects.get(pk=talk.pk)
    services.talk_update(talk=talk, by=coordinator, venue=VenueFactory(name=NEW_VENUE))
    services.rsvp_cancel(rsvp=seated)  # WAITING is promoted to the freed seat
    sent += deliver_due()
    sent += deliver_due(start - timedelta(hours=24))  # WAITING's reminder
    after = start + timedelta(hours=4)
    services.talks_send_thanks(now=after)
    sent += deliver_due(after)
    services.talk_cancel(
        talk=Talk.objects.get(pk=talk.pk), message=f"{VENUE} is closed.", by=coordinator
    )
    sent += deliver_due(after)
    kinds = {message_id(row): row.kind for row in OutgoingEmail.objects.all()}
    return [(kinds[message.extra_headers["Message-ID"]], message) for message in sent]


def calendar_texts(message) -> list[tuple[str, str]]:
    """Every text/calendar part of a message as sent: (the part's method=, its text)."""
    return [
        (part.get_param("method"), part.get_content())
        for part in parsed(message).walk()
        if part.get_content_type() == "text/calendar"
    ]


def attachments_by_kind(emails) -> list[tuple]:
    """(kind, recipient, [(MIME method, METHOD, STATUS, SEQUENCE offset)]) for every email."""
    rows = []
    for kind, message in emails:
        files = []
        for method, text in calendar_texts(message):
            calendar = Calendar.from_ical(text)
            event = calendar.walk("VEVENT")[0]
            files.append((method, str(calendar["METHOD"]), str(event["STATUS"])))
        rows.append((kind, message.to[0], files))
    return sorted(rows, key=lambda row: (row[0], row[1]))


PUBLISH = ("PUBLISH", "PUBLISH", "CONFIRMED")
CANCEL = ("CANCEL", "CANCEL", "CANCELLED")


@pytest.mark.parametrize("discreet", [False, True], ids=["plain", "discreet"])
@pytest.mark.django_db
def test_each_email_carries_the_calendar_file_its_rsvp_calls_for(settings, discreet):
    settings.SITE_NAME = SITE_NAME

    rows = attachments_by_kind(every_email_kind(discreet=discreet))

    assert rows == [
        ("coordinator_message", SEATED, [PUBLISH, PUBLISH]),
        ("coordinator_message", WAITING, []),
        ("reminder", WAITING, [PUBLISH, PUBLISH]),
        ("rsvp_cancelled", SEATED, [CANCEL, CANCEL]),
        ("rsvp_confirm_request", GUEST, []),
        ("rsvp_confirmed", SEATED, [PUBLISH, PUBLISH]),
        ("rsvp_link", GUEST, []),
        ("rsvp_party_changed", WAITING, []),
        ("rsvp_party_changed", WAITING, []),
        ("rsvp_promoted", WAITING, [PUBLISH, PUBLISH]),
        ("rsvp_waitlisted", WAITING, []),
        ("talk_cancelled", GUEST, []),
        ("talk_cancelled", WAITING, [CANCEL, CANCEL]),
        ("talk_changed", SEATED, [PUBLISH, PUBLISH]),
        ("talk_changed", SEATED, [PUBLISH, PUBLISH]),
        ("talk_changed", WAITING, []),
        ("talk_changed", WAITING, []),
        ("thank_you", WAITING, []),
    ]


@pytest.mark.parametrize("discreet", [False, True], ids=["plain", "discreet"])
@pytest.mark.parametrize("parser", PARSERS, ids=lambda p: p.__name__)
@pytest.mark.django_db
def test_every_calendar_attachment_parses_with_every_parser(settings, parser, discreet):
    settings.SITE_NAME = SITE_NAME
    summary = "Community talk" if discreet else TITLE
    checked = []

    for kind, message in every_email_kind(discreet=discreet):
        for method, text in calendar_texts(message):
            read = partial(by_icaljs, method=method) if parser is by_icaljs else parser
            theirs, ours = read(text), by_icalendar(text)
            status = "CONFIRMED" if method == "PUBLISH" else "CANCELLED"
            assert theirs == ours, kind
            assert [(s, st) for _start, s, st in ours.values()] == [(summary, status)], kind
            checked.append((kind, *ours))

    assert len({uid for _kind, uid in checked}) == 1
    assert sorted({kind for kind, _uid in checked}) == [
        "coordinator_message",
        "reminder",
        "rsvp_cancelled",
        "rsvp_confirmed",
        "rsvp_promoted",
        "talk_cancelled",
        "talk_changed",
    ]


def single_event(message):
    (method, text), _attachment = calendar_texts(message)
    calendar = Calendar.from_ical(text)
    return method, str(calendar["METHOD"]), calendar.walk("VEVENT")[0]


@pytest.mark.django_db
def test_a_cancelled_rsvp_cancels_the_same_event_with_a_higher_sequence():
    talk = TalkFactory(title=TITLE)
    rsvp = rsvp_as_member(talk, SEATED)
    (confirmation,) = deliver_due()

    services.rsvp_cancel(rsvp=rsvp)
    (cancellation,) = deliver_due()

    _m, _M, held = single_event(confirmation)
    mime_method, method, event = single_event(cancellation)
    assert (mime_method, method, str(event["STATUS"])) == ("CANCEL", "CANCEL", "CANCELLED")
    assert (str(event["UID"]), event["SEQUENCE"]) == (str(held["UID"]), held["SEQUENCE"] + 1)


@pytest.mark.django_db
def test_rsvping_again_after_a_change_supersedes_ones_own_cancellation():
    """The person's CANCEL is one above the talk's SEQUENCE; the talk's next change reaches
    that number with a later DTSTAMP, which wins a tie (RFC 5546 2.1.5)."""
    talk = TalkFactory(title=TITLE)
    rsvp = rsvp_as_member(talk, SEATED)
    services.rsvp_cancel(rsvp=rsvp)
    *_earlier, cancellation = deliver_due()
    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        services.talk_update(talk=talk, by=CoordinatorFactory(), title="Ketamine, explained")

        services.rsvp_create(
            talk=Talk.objects.get(pk=talk.pk), email=SEATED, name="Sam", user=rsvp.user
        )
        again = [m for m in deliver_due() if m.to == [SEATED]][-1]

    _m, _M, cancelled = single_event(cancellation)
    mime_method, method, event = single_event(again)
    assert (mime_method, method, str(event["STATUS"])) == ("PUBLISH", "PUBLISH", "CONFIRMED")
    assert event["SEQUENCE"] == cancelled["SEQUENCE"]
    assert event.decoded("DTSTAMP") > cancelled.decoded("DTSTAMP")


@pytest.mark.django_db
def test_the_talk_cancelled_email_cancels_with_method_cancel():
    talk = TalkFactory(title=TITLE)
    rsvp_as_member(talk, SEATED)
    deliver_due()

    services.talk_cancel(talk=talk, message="", by=CoordinatorFactory())
    (notice,) = deliver_due()

    mime_method, method, event = single_event(notice)
    assert (mime_method, method, str(event["STATUS"]), event["SEQUENCE"]) == (
        "CANCEL",
        "CANCEL",
        "CANCELLED",
        Talk.objects.get(pk=talk.pk).sequence,
    )


@pytest.mark.django_db
def test_a_cancelled_talks_page_offers_no_way_into_a_calendar(client):
    talk = TalkFactory(title=TITLE)
    services.talk_cancel(talk=talk, message="", by=CoordinatorFactory())

    page = client.get(talk.get_absolute_url()).content.decode()

    assert "This talk has been cancelled." in page
    offers = [f"/talks/{talk.slug}.ics", "render?action=TEMPLATE", "deeplink/compose"]
    assert [offer for offer in offers if offer in page] == []
