"""What the attacker's review of the scale work found, each fixed and kept fixed."""

import re

import pytest
from django.test import Client

from events import services
from events.models import Rsvp, Talk
from tests.factories import TalkFactory, UserFactory

pytestmark = pytest.mark.django_db


def superuser_client() -> Client:
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def counters(talk: Talk) -> tuple[int, int]:
    talk.refresh_from_db()
    return talk.seats_taken, talk.waitlist_count


def member_rsvp(talk: Talk, user=None) -> Rsvp:
    user = user or UserFactory()
    return services.rsvp_create(talk=talk, email=user.email, name="M", user=user).rsvp


def test_deleting_an_account_in_the_admin_gives_its_seat_to_the_next_in_line():
    talk = TalkFactory(capacity=1)
    leaving = UserFactory()
    member_rsvp(talk, leaving)
    waiting = member_rsvp(talk)

    deleted = superuser_client().post(f"/admin/auth/user/{leaving.pk}/delete/", {"post": "yes"})

    waiting.refresh_from_db()
    assert deleted.status_code == 302
    assert waiting.status == "confirmed"
    assert counters(talk) == Rsvp.objects.filter(talk=talk).counts() == (1, 0)


def test_counters_written_past_the_services_are_repaired_by_beat():
    talk = TalkFactory(capacity=5)
    member_rsvp(talk)
    Rsvp.objects.filter(talk=talk).delete()  # a hand-made fix in the database

    repaired = services.talks_seats_repair()

    assert (repaired, counters(talk)) == (1, (0, 0))
    assert services.talks_seats_repair() == 0


def test_the_discreet_default_set_in_the_admin_shows_on_kept_talk_pages():
    talk = TalkFactory()
    anonymous = Client()
    anonymous.get(talk.get_absolute_url())

    superuser_client().post(
        "/admin/notifications/emailsettings/add/",
        {"footer": "", "discreet_by_default": "on", "discreet_sender_name": "Events"},
    )
    page = anonymous.get(talk.get_absolute_url()).content.decode()

    box = re.search(r'<input type="checkbox" name="discreet_emails"[^>]*>', page).group(0)
    assert "checked" in box


def test_a_spanish_visitor_leaves_no_spanish_event_in_the_english_feed():
    TalkFactory(venue=None, online_url="https://meet.example.org/x")
    Client(headers={"accept-language": "es"}).get("/calendar.ics")

    english = Client().get("/calendar.ics").content.decode()

    assert "LOCATION:Online" in english
    assert "En línea" not in english


def test_the_single_talk_download_has_an_etag_of_its_own_per_language():
    talk = TalkFactory()

    english = Client().get(f"/talks/{talk.slug}.ics")
    spanish = Client(headers={"accept-language": "es"}).get(f"/talks/{talk.slug}.ics")

    assert english["ETag"] != spanish["ETag"]
