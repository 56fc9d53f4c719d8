import json
from datetime import timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

from events import services
from events.models import CalendarFeed, Rsvp
from notifications.models import EmailPreference, OutgoingEmail
from notifications.preferences import preference_update
from tests.conftest import NEVER_STORED, deliver_due
from tests.factories import PASSWORD, RsvpFactory, TalkFactory, UserFactory


@pytest.fixture
def member_with_history(db):
    member = UserFactory(email="sam@example.org")
    talk = TalkFactory(title="Ketamine 101", capacity=1, ask_accessibility_needs=True)
    services.rsvp_create(
        talk=talk,
        email=member.email,
        name="Sam",
        user=member,
        accessibility_needs="Captions, please",
    )
    RsvpFactory(email=member.email, talk=TalkFactory(start=timezone.now() - timedelta(days=9)))
    preference_update(email=member.email, discreet=True)
    services.calendar_feed_for(email=member.email)
    return member, talk


def test_my_data_page_shows_and_exports_everything_held(client, member_with_history):
    member, _talk = member_with_history
    client.force_login(member)

    page = client.get("/me/data/")
    export = client.get("/me/data/", {"format": "json"})

    data = json.loads(export.content)
    assert export["Content-Disposition"] == 'attachment; filename="my-data.json"'
    assert export["Cache-Control"] == NEVER_STORED
    assert [(r["talk"], r["status"], r["accessibility_needs"]) for r in data["rsvps"]][-1] == (
        "Ketamine 101",
        "confirmed",
        "Captions, please",
    )
    assert data["email_preferences"] == {"reminders": True, "announcements": True, "discreet": True}
    assert data["calendar_feed"] == {"alarms": False, "discreet_titles": False}
    assert {e["kind"] for e in data["emails"]} == {"rsvp_confirmed", "reminder"}
    assert "Captions, please" in page.content.decode()


def test_deleting_removes_everything_and_gives_the_seat_to_the_waitlist(
    client, member_with_history
):
    member, talk = member_with_history
    waiting = services.rsvp_create(
        talk=talk, email="next@example.org", name="Next", user=UserFactory()
    ).rsvp
    other = RsvpFactory(talk=TalkFactory())
    client.force_login(member)

    refused = client.post("/me/data/", {"password": PASSWORD})
    client.post("/me/data/", {"confirm": "on", "password": PASSWORD})

    waiting.refresh_from_db()
    assert refused.status_code == 400
    assert Rsvp.objects.filter(email="sam@example.org").count() == 0
    past = Rsvp.objects.get(talk__start__lt=timezone.now(), status="confirmed")
    assert (past.name, past.user, past.accessibility_needs) == ("", None, "")  # still counted
    assert get_user_model().objects.filter(email="sam@example.org").count() == 0
    assert EmailAddress.objects.filter(email="sam@example.org").count() == 0
    assert OutgoingEmail.objects.filter(recipient="sam@example.org").count() == 0
    assert EmailPreference.objects.filter(email="sam@example.org").count() == 0
    assert CalendarFeed.objects.filter(email="sam@example.org").count() == 0
    assert waiting.status == "confirmed"
    assert Rsvp.objects.filter(pk=other.pk).exists()
    assert [m.to for m in deliver_due()] == [["next@example.org"], ["next@example.org"]]
    assert "_auth_user_id" not in client.session


def test_deleting_covers_every_address_the_member_used(client, db):
    member = UserFactory(email="new@example.org")
    RsvpFactory(email="old@example.org", user=member, talk=TalkFactory())
    preference_update(email="old@example.org", discreet=True)
    services.calendar_feed_for(email="old@example.org")
    client.force_login(member)

    client.post("/me/data/", {"confirm": "on", "password": PASSWORD})

    assert Rsvp.objects.filter(email="old@example.org").count() == 0
    assert EmailPreference.objects.filter(email="old@example.org").count() == 0
    assert CalendarFeed.objects.filter(email="old@example.org").count() == 0


def test_an_address_added_to_an_account_but_never_verified_is_not_deleted_with_it(client, db):
    victim = "victim@example.org"
    talk = TalkFactory()
    services.rsvp_create(talk=talk, email=victim, name="V")
    preference_update(email=victim, discreet=True)
    services.calendar_feed_for(email=victim)
    attacker = UserFactory(email="attacker@example.org")
    EmailAddress.objects.create(user=attacker, email=victim, verified=False, primary=False)
    client.force_login(attacker)

    client.post("/me/data/", {"confirm": "on", "password": PASSWORD})

    assert Rsvp.objects.filter(email=victim).count() == 1
    assert EmailPreference.objects.get(email=victim).discreet is True
    assert CalendarFeed.objects.filter(email=victim).count() == 1
    assert OutgoingEmail.objects.filter(recipient=victim).exists()
    assert not get_user_model().objects.filter(email="attacker@example.org").exists()


def held_for(member) -> tuple:
    """What shows whether a member's data is still there: account, RSVPs, preference."""
    return (
        get_user_model().objects.filter(pk=member.pk).count(),
        Rsvp.objects.filter(email=member.email).count(),
        EmailPreference.objects.filter(email=member.email).count(),
    )


@pytest.mark.parametrize(
    "posted",
    [{"confirm": "on"}, {"confirm": "on", "password": "not-my-password"}],
    ids=["without a password", "with a wrong password"],
)
def test_deleting_an_account_without_its_password_deletes_nothing(
    client, member_with_history, posted
):
    member, _talk = member_with_history
    before = held_for(member)
    client.force_login(member)

    response = client.post("/me/data/", posted)

    assert response.status_code == 400
    assert held_for(member) == before == (1, 2, 1)
    assert client.session["_auth_user_id"] == str(member.pk)


def test_a_wrong_password_is_a_form_error_that_says_nothing_was_deleted(
    client, member_with_history
):
    member, _talk = member_with_history
    client.force_login(member)

    page = client.post("/me/data/", {"confirm": "on", "password": "guess"}).content.decode()

    assert "That is not your password. Nothing was deleted." in page
    assert 'autocomplete="current-password"' in page


def test_after_five_tries_in_an_hour_even_the_right_password_deletes_nothing(
    client, member_with_history
):
    member, _talk = member_with_history
    client.force_login(member)
    with time_machine.travel(timezone.now().replace(minute=30), tick=False):
        for _ in range(5):
            client.post("/me/data/", {"confirm": "on", "password": "guess"})

        refused = client.post("/me/data/", {"confirm": "on", "password": PASSWORD})

    assert refused.status_code == 400
    assert "Too many tries. Please try again in an hour." in refused.content.decode()
    assert held_for(member) == (1, 2, 1)
