"""The emails a talk's life produces, delivered through the real outbox sweep."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from events import services
from notifications.models import OutgoingEmail
from notifications.preferences import preference_update
from tests.conftest import deliver_due, parsed, text_of
from tests.factories import (
    CoordinatorFactory,
    RsvpFactory,
    TalkFactory,
    TopicFactory,
    UserFactory,
)

JOIN = "https://meet.example.org/room-42"


def member_rsvp(talk, **kwargs):
    user = UserFactory()
    return services.rsvp_create(talk=talk, email=user.email, name="Sam", user=user, **kwargs).rsvp


def calendar_parts(message):
    """Every text/calendar part of a sent message: (method parameter, parsed calendar)."""
    return [
        (part.get_param("method"), Calendar.from_ical(part.get_content()))
        for part in parsed(message).walk()
        if part.get_content_type() == "text/calendar"
    ]


def kinds_to(email):
    return list(
        OutgoingEmail.objects.filter(recipient=email).order_by("pk").values_list("kind", "state")
    )


@pytest.mark.django_db
def test_confirmation_carries_the_ics_with_matching_method_and_the_join_link():
    talk = TalkFactory(title="Ketamine 101", online_url=JOIN)

    member_rsvp(talk)
    message = deliver_due()[0]

    parts = calendar_parts(message)
    assert message.subject == "You are going: Ketamine 101"
    assert JOIN in message.body
    assert [method for method, _calendar in parts] == ["PUBLISH", "PUBLISH"]
    calendar = parts[0][1]
    event = calendar.walk("VEVENT")[0]
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert (str(event["UID"]), str(event["SUMMARY"])) == (
        f"{talk.uid}@127.0.0.1",
        "Ketamine 101",
    )
    assert JOIN not in parts[0][1].to_ical().decode()  # no secrets in a shareable file
    assert parsed(message).get_content_type() == "multipart/mixed"


@pytest.mark.django_db
def test_each_confirmed_attendee_gets_exactly_one_reminder_at_24_and_2_hours():
    talk = TalkFactory(capacity=2)
    first, second = member_rsvp(talk), member_rsvp(talk)
    waiting = member_rsvp(talk)
    deliver_due()

    day_before = deliver_due(talk.start - timedelta(hours=24))
    again = deliver_due(talk.start - timedelta(hours=24) + timedelta(minutes=1))
    two_hours = deliver_due(talk.start - timedelta(hours=2))

    assert sorted(m.to[0] for m in day_before) == sorted([first.email, second.email])
    assert again == []
    assert sorted(m.to[0] for m in two_hours) == sorted([first.email, second.email])
    assert [m.subject for m in two_hours] == [f"Reminder: {talk.title} starts in 2 hours"] * 2
    assert ("reminder", "sent") not in kinds_to(waiting.email)


@pytest.mark.django_db
def test_a_reminder_past_its_grace_is_skipped_not_sent_late():
    talk = TalkFactory()
    rsvp = member_rsvp(talk)
    deliver_due()

    late = deliver_due(talk.start - timedelta(hours=2) + timedelta(minutes=31))

    assert late == []
    assert sorted(kinds_to(rsvp.email)) == [
        ("reminder", "skipped"),
        ("reminder", "skipped"),
        ("rsvp_confirmed", "sent"),
    ]


@pytest.mark.django_db
def test_a_talk_with_custom_offsets_or_none_gets_those_reminders():
    custom = TalkFactory(reminder_hours=[48])
    silent = TalkFactory(reminder_hours=[])

    member_rsvp(custom)
    member_rsvp(silent)

    reminders = OutgoingEmail.objects.filter(kind="reminder")
    assert [r.due_at for r in reminders] == [custom.start - timedelta(hours=48)]


@pytest.mark.django_db
def test_reschedule_sends_one_update_and_moves_the_reminders():
    talk = TalkFactory(title="Ketamine 101")
    rsvp = member_rsvp(talk)
    old_start = talk.start
    deliver_due(old_start - timedelta(hours=24))  # the old 24-hour reminder has gone out
    new_start = old_start + timedelta(days=3)

    services.talk_reschedule(
        talk=talk,
        start=new_start,
        end=new_start + timedelta(hours=1),
        by=CoordinatorFactory(),
        now=old_start - timedelta(hours=23),
    )
    update = deliver_due(old_start - timedelta(hours=23))
    at_old_time = deliver_due(old_start - timedelta(hours=2))
    at_new_time = deliver_due(new_start - timedelta(hours=24))

    assert [m.subject for m in update] == ["Changed: Ketamine 101"]
    event = calendar_parts(update[0])[0][1].walk("VEVENT")[0]
    assert (str(event["UID"]), event["SEQUENCE"]) == (f"{talk.uid}@127.0.0.1", talk.sequence + 1)
    assert event.decoded("DTSTART").astimezone(UTC) == new_start.astimezone(UTC)
    assert at_old_time == []
    assert [m.subject for m in at_new_time] == ["Reminder: Ketamine 101 starts in 24 hours"]
    assert rsvp.email == at_new_time[0].to[0]


@pytest.mark.django_db
def test_cancelling_a_talk_sends_one_notice_with_a_cancelling_ics_and_no_reminders():
    talk = TalkFactory(title="Ketamine 101", capacity=1)
    seated, waiting = member_rsvp(talk), member_rsvp(talk)
    deliver_due()

    services.talk_cancel(talk=talk, message="The speaker is ill.", by=CoordinatorFactory())
    notices = deliver_due()
    later = deliver_due(talk.start - timedelta(hours=2))

    assert sorted((m.to[0], m.subject) for m in notices) == sorted(
        [(seated.email, "Cancelled: Ketamine 101"), (waiting.email, "Cancelled: Ketamine 101")]
    )
    assert "The speaker is ill." in notices[0].body
    event = calendar_parts(notices[0])[0][1].walk("VEVENT")[0]
    assert str(event["STATUS"]) == "CANCELLED"
    assert later == []


@pytest.mark.django_db
def test_discreet_email_names_no_title_or_topic_in_subject_sender_or_body():
    talk = TalkFactory(
        title="Ketamine therapy for PTSD",
        start=datetime(2030, 3, 12, 18, 0, tzinfo=UTC),
        topics=[TopicFactory(name="Treatment-resistant depression")],
    )
    preference_update(email="quiet@example.org", discreet=True)

    services.rsvp_create(talk=talk, email="quiet@example.org", name="Q", user=UserFactory())
    message = deliver_due(datetime(2030, 1, 1, tzinfo=UTC))[0]

    words = {
        w.lower() for w in ["Ketamine", "therapy", "PTSD", "Treatment-resistant", "depression"]
    }
    shown = f"{message.subject} {message.from_email} {message.body} {message.alternatives[0][0]}"
    assert message.subject == "Your event on 12 March"
    assert message.from_email == "Events <talks@localhost>"
    assert [w for w in words if w in shown.lower()] == []
    event = calendar_parts(message)[0][1].walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Community talk"
    assert "CATEGORIES" not in event


@pytest.mark.django_db
def test_discreet_choice_on_the_guest_form_applies_to_the_confirmation_request(client):
    talk = TalkFactory(title="Ketamine 101")

    client.post(
        talk.get_absolute_url() + "rsvp/",
        {"name": "Q", "email": "q@example.org", "discreet_emails": "on"},
    )
    message = deliver_due()[0]

    assert message.subject.startswith("Please confirm your RSVP for ")
    assert "Ketamine" not in message.subject + text_of(message)


@pytest.mark.django_db
def test_site_wide_discreet_default_applies_and_swaps_the_footer_for_a_neutral_one(client):
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)
    client.post(
        "/coordinate/email-settings/",
        {
            "footer": "Crisis line: call or text 988",
            "discreet_by_default": "on",
            "discreet_sender_name": "Library events",
        },
    )
    talk = TalkFactory(title="Ketamine 101")
    preference_update(email="open@example.org", discreet=False)

    member_rsvp(talk)
    services.rsvp_create(talk=talk, email="open@example.org", name="O", user=UserFactory())
    discreet, plain = deliver_due()

    assert (discreet.from_email, plain.from_email) == (
        "Library events <talks@localhost>",
        "Community Talks <talks@localhost>",
    )
    parts = [discreet.body, discreet.alternatives[0][0], plain.body, plain.alternatives[0][0]]
    assert ["Crisis line: call or text 988" in part for part in parts] == [False, False, True, True]
    assert text_of(discreet).rstrip().splitlines()[-1] == (
        "You get this email because this address was given to us, for an RSVP or for "
        "announcements. It is discreet: it "
        "does not say what the event is, where it is, or who runs it."
    )


@pytest.mark.django_db
def test_coordinator_message_goes_to_the_chosen_audience_one_by_one(client):
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)
    talk = TalkFactory(capacity=1)
    seated, waiting = member_rsvp(talk), member_rsvp(talk)
    deliver_due()
    mail.outbox.clear()

    client.post(
        f"/coordinate/talks/{talk.pk}/message/",
        {"audience": "waitlisted", "subject": "Room change", "body": "We moved to room C."},
    )
    sent = deliver_due()

    assert [(m.to, m.subject, m.cc, m.bcc) for m in sent] == [
        ([waiting.email], "Room change", [], [])
    ]
    assert "We moved to room C." in sent[0].body
    assert seated.email not in sent[0].message().as_string()


@pytest.mark.django_db
def test_thanks_go_two_hours_after_the_end_to_everyone_confirmed_checked_in_or_not():
    """Were only the checked-in thanked, a feedback response would say its author came."""
    talk = TalkFactory(start=timezone.now() - timedelta(hours=5))
    came = RsvpFactory(talk=talk, checked_in_at=timezone.now() - timedelta(hours=4))
    stayed_away = RsvpFactory(talk=talk)  # confirmed, but not checked in
    RsvpFactory(talk=talk, status="waitlisted")

    early = services.talks_send_thanks(now=talk.end + timedelta(minutes=90))
    thanked = services.talks_send_thanks(now=talk.end + timedelta(hours=2))
    again = services.talks_send_thanks(now=talk.end + timedelta(hours=3))

    assert (early, thanked, again) == (0, 2, 0)
    assert sorted(m.to[0] for m in deliver_due()) == sorted([came.email, stayed_away.email])


@pytest.mark.django_db
def test_a_permanent_failure_shows_on_the_coordinators_talk_page(client, smtp_server):
    smtp_server.handler.reply = "550 No such mailbox"
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)
    talk = TalkFactory()
    rsvp = member_rsvp(talk)
    deliver_due()

    page = client.get(f"/coordinate/talks/{talk.pk}/").content.decode()

    assert "Emails that could not be delivered" in page
    assert f"{rsvp.email} · rsvp_confirmed · SMTPDataError: (550" in page


def decoded_variants(segment: str) -> list[str]:
    """A URL segment as text, and base64-decoded (as a signed value would carry data)."""
    import base64
    import zlib

    found = [segment]
    for part in segment.split(":"):
        try:
            raw = base64.urlsafe_b64decode(part.lstrip(".") + "=" * (-len(part) % 4))
        except ValueError:
            continue
        for candidate in (raw, _inflate(raw, zlib)):
            found.append(candidate.decode("utf-8", "ignore") if candidate else "")
    return found


def _inflate(raw: bytes, zlib) -> bytes:
    try:
        return zlib.decompress(raw)
    except zlib.error:
        return b""


@pytest.mark.django_db
def test_no_link_in_an_email_carries_the_address_even_encoded():
    talk = TalkFactory()
    services.rsvp_create(talk=talk, email="hidden.person@example.org", name="H", user=UserFactory())

    message = deliver_due()[0]

    urls = [
        *re.findall(r"https?://\S+", message.body),
        message.extra_headers["List-Unsubscribe"].strip("<>"),
    ]
    segments = [s for url in urls for s in url.split("/") if s]
    leaks = [s for s in segments for text in decoded_variants(s) if "hidden.person" in text]
    assert urls
    assert leaks == []
