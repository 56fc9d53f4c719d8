"""Edge cases a review found: each once was a bug."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from icalendar import Calendar

from events import services
from events.models import Rsvp
from notifications.models import OutgoingEmail
from tests.conftest import deliver_due, text_of
from tests.factories import CoordinatorFactory, RsvpFactory, TalkFactory, UserFactory, VenueFactory

pytestmark = pytest.mark.django_db


def member_rsvp(talk, **kwargs):
    user = UserFactory()
    return services.rsvp_create(talk=talk, email=user.email, name="M", user=user, **kwargs).rsvp


def pending_reminders(email):
    return sorted(
        OutgoingEmail.objects.filter(recipient=email, kind="reminder", state="queued").values_list(
            "due_at", flat=True
        )
    )


def test_a_guest_using_someone_elses_email_learns_nothing_and_the_owner_gets_the_link(client):
    talk = TalkFactory(title="Ketamine 101", online_url="https://meet.example.org/x")
    owner = services.rsvp_create(talk=talk, email="owner@example.org", name="Owner").rsvp
    services.rsvp_confirm_email(rsvp=owner)
    deliver_due()
    mail.outbox.clear()

    response = client.post(
        f"/talks/{talk.slug}/rsvp/", {"name": "Intruder", "email": "owner@example.org"}, follow=True
    )

    page = response.content.decode()
    assert "/rsvp/" not in page.replace(f"/talks/{talk.slug}/rsvp/", "")
    assert "Owner" not in page
    assert "<h1>Check your email</h1>" in page
    sent = deliver_due()
    assert [(m.to, m.subject) for m in sent] == [(["owner@example.org"], "Your RSVP: Ketamine 101")]
    assert "/rsvp/" in text_of(sent[0])


def test_a_guest_never_gets_the_manage_link_on_the_talk_page(client):
    talk = TalkFactory()

    client.post(f"/talks/{talk.slug}/rsvp/", {"name": "G", "email": "g@example.org"})
    page = client.get(talk.get_absolute_url()).content.decode()

    assert "Please check your email" in page
    assert 'href="/rsvp/' not in page


def test_changing_the_venue_moves_the_reminders_instead_of_losing_them():
    talk = TalkFactory()
    rsvp = member_rsvp(talk)

    services.talk_update(talk=talk, by=CoordinatorFactory(), venue=VenueFactory())

    assert pending_reminders(rsvp.email) == [
        talk.start - timedelta(hours=24),
        talk.start - timedelta(hours=2),
    ]


def test_adding_a_reminder_hour_keeps_the_others():
    talk = TalkFactory()
    rsvp = member_rsvp(talk)

    services.talk_update(talk=talk, by=CoordinatorFactory(), reminder_hours=[24, 2, 1])

    assert len(pending_reminders(rsvp.email)) == 3


def test_a_guest_who_rsvps_again_after_cancelling_gets_a_fresh_confirmation():
    talk = TalkFactory()
    now = timezone.now()
    first = services.rsvp_create(
        talk=talk, email="g@example.org", name="G", now=now - timedelta(hours=30)
    ).rsvp
    services.rsvps_expire_unconfirmed(now=now - timedelta(hours=5))

    again = services.rsvp_create(talk=talk, email="g@example.org", name="G", now=now)
    expired_now = services.rsvps_expire_unconfirmed(now=now + timedelta(minutes=1))

    requests = OutgoingEmail.objects.filter(kind="rsvp_confirm_request")
    assert (again.created, again.rsvp.pk, expired_now) == (True, first.pk, 0)
    assert requests.count() == 2


def test_a_cancelled_talk_promotes_nobody():
    talk = TalkFactory(capacity=1)
    seated, waiting = member_rsvp(talk), member_rsvp(talk)
    services.talk_cancel(talk=talk, message="Sorry.", by=CoordinatorFactory())

    services.rsvp_cancel(rsvp=seated)

    waiting.refresh_from_db()
    assert waiting.status == "waitlisted"
    assert not OutgoingEmail.objects.filter(recipient=waiting.email, kind="rsvp_promoted").exists()


def test_a_draft_cannot_be_cancelled_into_public_view():
    draft = TalkFactory(status="draft")

    with pytest.raises(ValidationError, match="never published"):
        services.talk_cancel(talk=draft, message="x", by=CoordinatorFactory())

    draft.refresh_from_db()
    assert draft.status == "draft"


def test_a_guest_does_not_jump_the_waitlist():
    talk = TalkFactory(capacity=2, max_companions=2)
    member_rsvp(talk)
    party = member_rsvp(talk, party_size=3)  # waits: only one seat is free

    guest = services.rsvp_create(talk=talk, email="g@example.org", name="G").rsvp
    guest = services.rsvp_confirm_email(rsvp=guest)

    assert (party.status, guest.status) == ("waitlisted", "waitlisted")


def test_rescheduling_earlier_closes_rsvps_at_the_new_start():
    talk = TalkFactory(start=timezone.now() + timedelta(days=10))
    talk.rsvp_closes_at = talk.start - timedelta(hours=1)
    talk.save()
    new_start = timezone.now() + timedelta(days=2)

    moved = services.talk_reschedule(
        talk=talk, start=new_start, end=new_start + timedelta(hours=1), by=CoordinatorFactory()
    )

    assert (moved.rsvp_closes_at, moved.closes_at) == (None, new_start)


def test_the_single_talk_download_changes_its_etag_when_its_venue_does(client):
    """A venue that no upcoming talk uses changes in the admin; a past talk's file shows it."""
    talk = TalkFactory(start=timezone.now() - timedelta(days=2))
    first = client.get(f"/talks/{talk.slug}.ics")

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    venue = talk.venue
    changed = client.post(
        f"/admin/events/venue/{venue.pk}/change/",
        {"name": venue.name, "address": "200 New Street", "accessibility_notes": ""},
    )
    assert changed.status_code == 302
    second = client.get(f"/talks/{talk.slug}.ics", HTTP_IF_NONE_MATCH=first["ETag"])

    assert second.status_code == 200
    assert b"200 New Street" in second.content


def test_a_personal_feed_moves_its_last_modified_when_the_person_rsvps(client):
    old_talk = TalkFactory()
    TalkFactory.reset_sequence(1000)
    member = UserFactory()
    url = f"/calendar/me/{services.calendar_feed_for(email=member.email).token}.ics"
    first = client.get(url)

    later = timezone.now() + timedelta(seconds=5)  # HTTP dates count whole seconds
    RsvpFactory(talk=old_talk, email=member.email, confirmed_at=later)
    second = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert second.status_code == 200
    assert second.content.count(b"BEGIN:VEVENT") == 1


def test_a_discreet_event_links_nowhere_not_to_the_titled_page():
    talk = TalkFactory(slug="ketamine-for-ptsd")
    member = UserFactory()
    RsvpFactory(talk=talk, email=member.email)
    feed = services.calendar_feed_for(email=member.email)
    services.calendar_feed_update(feed=feed, alarms=False, discreet_titles=True)

    from django.test import Client

    body = Client().get(f"/calendar/me/{feed.token}.ics").content
    event = Calendar.from_ical(body).walk("VEVENT")[0]

    assert b"ketamine" not in body.lower()
    assert [name for name in ("URL", "DESCRIPTION") if name in event] == []


def test_an_smtp_login_problem_is_retried_not_given_up(smtp_server, settings):
    settings.EMAIL_DELIVERY = {**smtp_server.delivery, "username": "u", "password": "wrong"}
    member_rsvp(TalkFactory())

    deliver_due()

    confirmed = OutgoingEmail.objects.get(kind="rsvp_confirmed")
    assert confirmed.state == "queued"
    assert Rsvp.objects.count() == 1


def test_a_guest_post_looks_the_same_whether_or_not_the_address_had_rsvped(client):
    talk = TalkFactory()
    services.rsvp_create(talk=talk, email="owner@example.org", name="Owner")
    other_browser = client.__class__()

    known = client.post(f"/talks/{talk.slug}/rsvp/", {"name": "X", "email": "owner@example.org"})
    new = other_browser.post(f"/talks/{talk.slug}/rsvp/", {"name": "X", "email": "new@example.org"})
    known_page = client.get(talk.get_absolute_url()).content.decode()
    new_page = other_browser.get(talk.get_absolute_url()).content.decode()

    assert (known.status_code, known["Location"]) == (new.status_code, new["Location"])
    assert _rsvp_box(known_page) == _rsvp_box(new_page)


def test_a_closed_talk_answers_the_same_for_every_address(client):
    talk = TalkFactory(start=timezone.now() + timedelta(hours=1))
    services.rsvp_create(talk=talk, email="owner@example.org", name="Owner")
    talk.rsvp_closes_at = timezone.now() - timedelta(minutes=1)
    talk.save()

    known = client.post(f"/talks/{talk.slug}/rsvp/", {"name": "X", "email": "owner@example.org"})
    new = client.post(f"/talks/{talk.slug}/rsvp/", {"name": "X", "email": "new@example.org"})

    assert known.status_code == new.status_code == 409


def _rsvp_box(page: str) -> str:
    """The RSVP part of a talk page, without its per-browser CSRF token."""
    box = page.split('id="your-rsvp"')[1].split("</section>")[0]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", box)
