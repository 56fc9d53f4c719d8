"""A data link shows everything held for its address, downloads it and deletes it; it
stops working once it has deleted, after thirty minutes, and when a newer one is sent. A
link to manage one RSVP is no way to any of that, and a data link never deletes an
account."""

import json
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.cache import cache
from django.utils import timezone

from events import services, tokens
from events.models import Rsvp
from notifications.models import EmailPreference, OutgoingEmail
from notifications.preferences import preference_update
from tests.conftest import NEVER_STORED, deliver_due, text_of
from tests.events.test_data_link_request import asked_for, data_link_in
from tests.factories import PASSWORD, RsvpFactory, TalkFactory, UserFactory

pytestmark = pytest.mark.django_db
DELETE = {"confirm": "on"}


@pytest.fixture(autouse=True)
def _no_links_or_limits_left():
    cache.clear()


def emailed_link(client, email: str) -> str:
    """Ask for a link for `email`, send what is due, and return the link it got."""
    asked_for(client, email)
    [message] = [m for m in deliver_due() if "/data/" in text_of(m)]
    return data_link_in(message)


@pytest.fixture
def guest(db):
    rsvp = services.rsvp_create(talk=TalkFactory(), email="guest@example.org", name="G").rsvp
    preference_update(email="guest@example.org", discreet=True)
    return rsvp


def test_the_emailed_link_shows_downloads_and_deletes_once(client, guest):
    link = emailed_link(client, "guest@example.org")

    page = client.get(link)
    export = client.get(link, {"format": "json"})
    refused = client.post(link, {})
    deleted = client.post(link, DELETE)

    assert page.status_code == 200
    assert page["Cache-Control"] == export["Cache-Control"] == NEVER_STORED
    assert json.loads(export.content)["email"] == "guest@example.org"
    assert [r["status"] for r in json.loads(export.content)["rsvps"]] == ["pending"]
    assert refused.status_code == 400
    assert deleted["Location"] == "/"
    assert Rsvp.objects.filter(email="guest@example.org").count() == 0
    assert EmailPreference.objects.filter(email="guest@example.org").count() == 0
    assert OutgoingEmail.objects.filter(recipient="guest@example.org").count() == 0
    assert [client.get(link).status_code, client.post(link, DELETE).status_code] == [404, 404]


def test_a_used_link_offers_to_ask_for_a_new_one(client, guest):
    link = emailed_link(client, "guest@example.org")
    client.post(link, DELETE)

    gone = client.get(link)

    assert gone.status_code == 404
    assert gone["Cache-Control"] == NEVER_STORED
    assert 'action="/data/"' in gone.content.decode()


def test_a_link_expires_after_thirty_minutes(client, guest):
    link = emailed_link(client, "guest@example.org")

    with time_machine.travel(timezone.now() + timedelta(minutes=31)):
        expired = client.get(link)
        deleting = client.post(link, DELETE)

    assert [expired.status_code, deleting.status_code] == [404, 404]
    assert Rsvp.objects.filter(email="guest@example.org").count() == 1


def test_a_newer_link_revokes_the_older_one(client, guest):
    older = emailed_link(client, "guest@example.org")
    newer = emailed_link(client, "guest@example.org")

    assert client.get(older).status_code == 404
    assert client.post(older, DELETE).status_code == 404
    assert Rsvp.objects.filter(email="guest@example.org").count() == 1
    assert client.get(newer).status_code == 200


def test_a_manage_link_reaches_neither_the_data_nor_its_deletion(client, guest):
    manage = tokens.rsvp_token(rsvp_id=guest.pk, purpose=tokens.MANAGE)
    old_data_link = signing.dumps({"rsvp": guest.pk}, salt="events.person-data", compress=True)

    page = client.get(f"/rsvp/{manage}/").content.decode()
    reached = [
        client.get(f"/data/{token}/", query).status_code
        for token in (manage, old_data_link)
        for query in ({}, {"format": "json"})
    ]
    deleting = [
        client.post(f"/data/{token}/", DELETE).status_code for token in (manage, old_data_link)
    ]

    assert 'href="/data/' not in page
    assert reached == [404, 404, 404, 404]
    assert deleting == [404, 404]
    assert Rsvp.objects.filter(email="guest@example.org").count() == 1


def test_a_data_link_to_a_members_address_deletes_only_their_guest_rsvps(client, db):
    member = UserFactory(email="sam@example.org")
    as_member = services.rsvp_create(
        talk=TalkFactory(), email=member.email, name="Sam", user=member
    ).rsvp
    as_guest = RsvpFactory(email=member.email, talk=TalkFactory(), user=None)
    link = emailed_link(client, member.email)

    page = client.get(link).content.decode()
    client.post(link, DELETE)
    told = client.get("/").content.decode()

    assert "This address belongs to an account." in page
    assert get_user_model().objects.filter(pk=member.pk).exists()
    assert list(Rsvp.objects.filter(email=member.email).values_list("pk", flat=True)) == [
        as_member.pk
    ]
    assert not Rsvp.objects.filter(pk=as_guest.pk).exists()
    assert "The account stays: to delete it, log in" in told
    assert client.get(link).status_code == 404


def test_deleting_an_account_revokes_its_data_link(client, db):
    member = UserFactory(email="sam@example.org")
    RsvpFactory(email=member.email, user=member, talk=TalkFactory())
    link = emailed_link(client, member.email)
    client.force_login(member)

    client.post("/me/data/", {"confirm": "on", "password": PASSWORD})

    assert client.get(link).status_code == 404
