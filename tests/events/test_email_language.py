"""Each person's emails come in the language they RSVPed in, whoever triggers them."""

from datetime import timedelta

import pytest

from events import services
from events.models import Rsvp
from tests.conftest import deliver_due, text_of
from tests.factories import CoordinatorFactory, TalkFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_member_who_rsvps_in_spanish_gets_spanish_emails_and_notices(client):
    talk = TalkFactory(title="Ketamina 101")
    spanish, english = UserFactory(), UserFactory()
    for member, language in ((spanish, "es"), (english, "en")):
        client.force_login(member)
        client.post(f"/talks/{talk.slug}/rsvp/", {"name": "Ana"}, HTTP_ACCEPT_LANGUAGE=language)
    confirmations = {message.to[0]: message for message in deliver_due()}

    services.talk_reschedule(
        talk=talk,
        start=talk.start + timedelta(days=1),
        end=talk.end + timedelta(days=1),
        by=CoordinatorFactory(),
    )
    notices = {message.to[0]: message for message in deliver_due()}

    assert Rsvp.objects.get(email=spanish.email).language == "es"
    assert confirmations[spanish.email].subject == "Usted asistirá: Ketamina 101"
    assert confirmations[english.email].subject == "You are going: Ketamina 101"
    assert text_of(confirmations[spanish.email]).startswith("Hola, Ana:")
    assert text_of(notices[spanish.email]).startswith("Hola, Ana:")
    assert text_of(notices[english.email]).startswith("Hello Ana,")
