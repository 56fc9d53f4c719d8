"""A talk's confirmations and reminders leave one batch from shared parts, over real SMTP:
each person's message names them, carries their own links and nobody else's, discreet or
not, and is the message built for them alone."""

import re
from datetime import timedelta

import pytest
from django.utils.html import escape

from events.emails import send_rsvp_confirmed
from notifications.models import EmailPreference, OutgoingEmail
from notifications.preferences import preference_update
from notifications.rendering import email_build, message_id
from notifications.selectors import email_settings_current
from tests.conftest import deliver_due
from tests.factories import RsvpFactory, TalkFactory

pytestmark = pytest.mark.django_db

# (address, name, discreet): names with markup, quotes and letters beyond ASCII
PEOPLE = [
    ("ana@example.org", "Ana Quintero", False),
    ("zoe@example.org", "Zoë O'Brien & <Co>", False),
    ("mei@example.org", "Mei 林", False),
    ("kwame@example.org", "Kwame Mensah", True),
    ("sofia@example.org", 'Sofía "Sof" Díaz', True),
]
BOUNDARY = re.compile(rb"={15}\d{19}==")
DATE = re.compile(rb"^Date: .*$", re.MULTILINE)


def blanked(data: bytes) -> bytes:
    return DATE.sub(b"Date: -\r", BOUNDARY.sub(b"=boundary=", data))


def own_words(row: OutgoingEmail) -> list[str]:
    """What only this person's messages may hold: the name as text and as HTML, the link
    to their RSVP and the token of their preferences' links."""
    preference = EmailPreference.objects.get(email=row.recipient)
    name = row.context["name"]
    return [name, escape(name), row.context["manage_url"], preference.token]


def test_a_talks_batch_gives_each_person_their_own_name_and_links_and_no_one_elses(
    smtp_server,
):
    talk = TalkFactory(title="Ketamine 101", reminder_hours=[24])
    for address, name, discreet in PEOPLE:
        if discreet:
            preference_update(email=address, discreet=True)
        send_rsvp_confirmed(RsvpFactory(talk=talk, email=address, name=name))

    deliver_due(talk.start - timedelta(hours=24))  # confirmations and reminders: one batch

    rows = {message_id(row): row for row in OutgoingEmail.objects.all()}
    received = [
        (rows[message["Message-ID"]], envelope)
        for message, envelope in zip(
            smtp_server.handler.messages(), smtp_server.handler.received, strict=True
        )
    ]
    assert sorted((row.kind, envelope.rcpt_tos) for row, envelope in received) == sorted(
        (kind, [address]) for address, _, _ in PEOPLE for kind in ("reminder", "rsvp_confirmed")
    )
    for row, envelope in received:
        text = envelope.content.decode()
        others = [
            word
            for other in rows.values()
            if other.recipient != row.recipient
            for word in own_words(other)
        ]
        assert [word for word in own_words(row) if word not in text] == []
        assert [word for word in others if word in text] == []
    discreet = {address for address, _, is_discreet in PEOPLE if is_discreet}
    titled = {row.recipient for row, envelope in received if b"Ketamine" in envelope.content}
    assert titled == {address for address, _, _ in PEOPLE} - discreet


def test_a_talks_batch_leaves_as_each_message_built_alone(smtp_server):
    talk = TalkFactory(title="Ketamine 101", reminder_hours=[24])
    for address, name, discreet in PEOPLE:
        if discreet:
            preference_update(email=address, discreet=True)
        send_rsvp_confirmed(RsvpFactory(talk=talk, email=address, name=name))

    deliver_due(talk.start - timedelta(hours=24))

    site = email_settings_current()
    alone = {}
    for row in OutgoingEmail.objects.order_by("pk"):
        preference = EmailPreference.objects.get(email=row.recipient)
        message = email_build(row, preference, site).message()
        alone[message["Message-ID"]] = blanked(message.as_bytes(linesep="\r\n"))
    sent = {}
    for message, envelope in zip(
        smtp_server.handler.messages(), smtp_server.handler.received, strict=True
    ):
        sent[message["Message-ID"]] = blanked(envelope.content)
    assert sent == alone
