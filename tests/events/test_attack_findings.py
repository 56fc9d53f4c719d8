"""Regressions for what an adversarial review of the running service found."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail, signing
from django.utils import timezone
from django.utils.http import http_date

from events import services, tokens
from events.forms import PlainLineField
from events.models import CalendarFeed, Rsvp, ScheduleVersion, Series, Talk, Topic, Venue
from notifications.models import EmailPreference, OutgoingEmail
from notifications.preferences import preference_update
from tests.conftest import deliver_due
from tests.factories import (
    CoordinatorFactory,
    RsvpFactory,
    SeriesFactory,
    TalkFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_an_edit_made_on_a_page_loaded_before_a_cancellation_does_not_undo_it():
    talk = TalkFactory()
    stale = Talk.objects.get(pk=talk.pk)
    services.talk_cancel(talk=Talk.objects.get(pk=talk.pk), message="Sorry", by=None)

    services.talk_update(talk=stale, by=CoordinatorFactory(), title=stale.title + " (edited)")

    talk.refresh_from_db()
    assert (talk.status, talk.cancellation_message) == ("cancelled", "Sorry")
    assert talk.title.endswith(" (edited)")


def test_a_guests_wish_for_discreet_emails_is_stored_only_once_they_confirm(client):
    talk = TalkFactory()
    client.post(
        f"/talks/{talk.slug}/rsvp/",
        {"name": "V", "email": "victim@example.org", "discreet_emails": "on"},
    )
    (request,) = deliver_due()
    assert not EmailPreference.objects.filter(email="victim@example.org", discreet=True).exists()
    assert talk.title not in request.subject  # the confirm request itself is discreet

    rsvp = Rsvp.objects.get()
    token = tokens.rsvp_confirm_token(rsvp_id=rsvp.pk, discreet=True)
    client.post(f"/rsvp/{token}/confirm/")

    assert EmailPreference.objects.get(email="victim@example.org").discreet is True


def test_an_address_longer_than_mail_carries_is_a_form_error_not_a_500(client):
    long_address = "a" * 64 + "@" + ("b" * 60 + ".") * 4 + "org"

    rsvp = client.post(f"/talks/{TalkFactory().slug}/rsvp/", {"name": "L", "email": long_address})
    reset = client.post("/accounts/password/reset/", {"email": long_address})

    assert rsvp.status_code == 400
    assert reset.status_code in (200, 302)
    assert (Rsvp.objects.count(), OutgoingEmail.objects.count()) == (0, 0)


def test_names_lose_the_arabic_letter_mark_too():
    assert PlainLineField().clean("a\u061cb") == "ab"


def test_the_thank_you_email_carries_no_calendar_file():
    talk = TalkFactory(start=timezone.now() - timedelta(hours=5))
    RsvpFactory(talk=talk)

    services.talks_send_thanks()
    (thanks,) = deliver_due()

    assert [part for part in thanks.alternatives if "calendar" in str(part)] == []
    assert thanks.attachments == []


def made_an_hour_ago() -> None:
    """Every stamp a feed's Last-Modified reads, an hour old (HTTP dates count seconds)."""
    an_hour_ago = timezone.now() - timedelta(hours=1)
    for model in (Talk, Venue, Topic, Series):
        model.objects.update(updated_at=an_hour_ago)
    ScheduleVersion.objects.update(changed_at=an_hour_ago)
    CalendarFeed.objects.update(created_at=an_hour_ago, updated_at=an_hour_ago)
    Rsvp.objects.update(confirmed_at=an_hour_ago)


def test_changing_a_personal_feeds_settings_moves_its_last_modified(client):
    rsvp = RsvpFactory()
    feed = services.calendar_feed_for(email=rsvp.email)
    made_an_hour_ago()
    feed.refresh_from_db()
    url = f"/calendar/me/{feed.token}.ics"
    first = client.get(url)

    services.calendar_feed_update(feed=feed, alarms=False, discreet_titles=True)
    again = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert again.status_code == 200
    assert "SUMMARY:Community talk" in again.content.decode()


def test_renaming_a_series_moves_its_feeds_last_modified(client):
    series = SeriesFactory(title="Monthly")
    TalkFactory(series=series)
    made_an_hour_ago()
    first = client.get(f"/series/{series.slug}/calendar.ics")

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    renamed = client.post(
        f"/admin/events/series/{series.pk}/change/",
        {"title": "Monthly, renamed", "slug": series.slug, "description": ""},
    )
    again = client.get(
        f"/series/{series.slug}/calendar.ics", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
    )

    assert renamed.status_code == 302
    assert again.status_code == 200
    assert first["Last-Modified"] != again["Last-Modified"]
    changed = ScheduleVersion.objects.get().changed_at
    assert http_date(changed.timestamp()) == again["Last-Modified"]
    assert "X-WR-CALNAME:Community Talks: Monthly\\, renamed" in again.content.decode()


def test_account_emails_to_a_discreet_address_do_not_name_the_organisation(client, settings):
    settings.SITE_NAME = "Ketamine Clinic Talks"
    UserFactory(email="quiet@example.org")
    preference_update(email="quiet@example.org", discreet=True)

    client.post("/accounts/password/reset/", {"email": "quiet@example.org"})
    deliver_due()

    (reset,) = mail.outbox
    shown = reset.message().as_string()
    assert "Ketamine Clinic Talks" not in shown
    assert "Ketamine" not in reset.subject


SIGNUP = {"password1": "a-long-enough-passphrase", "password2": "a-long-enough-passphrase"}


def test_one_client_signs_up_at_most_twenty_addresses_an_hour(client):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for number in range(20):
            client.post("/accounts/signup/", {"email": f"new{number}@example.org", **SIGNUP})
            client.logout()
    with time_machine.travel(start + timedelta(minutes=5), tick=False):
        refused = client.post("/accounts/signup/", {"email": "one.more@example.org", **SIGNUP})

    assert refused.status_code == 429
    assert not OutgoingEmail.objects.filter(recipient="one.more@example.org").exists()


def test_one_client_asks_for_at_most_twenty_password_resets_an_hour(client):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for number in range(20):
            client.post("/accounts/password/reset/", {"email": f"someone{number}@example.org"})
    with time_machine.travel(start + timedelta(minutes=5), tick=False):
        refused = client.post("/accounts/password/reset/", {"email": "one.more@example.org"})

    assert refused.status_code == 429


@pytest.mark.parametrize("rsvp_id", ["x", "1", 1.5, None, [1], True])
@pytest.mark.parametrize("path", ["/rsvp/{}/", "/rsvp/{}/cancel/", "/check-in/{}/"])
def test_a_signed_rsvp_token_whose_id_is_no_whole_number_is_not_found(client, rsvp_id, path):
    purpose = "check-in" if path.startswith("/check-in") else "manage"
    token = signing.dumps({"rsvp": rsvp_id}, salt=f"events.rsvp.{purpose}", compress=True)

    assert client.get(path.format(token)).status_code == 404
