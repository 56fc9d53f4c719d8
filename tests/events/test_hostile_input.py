"""Input an attacker or a careless hand sends gets a 400, a 404 or a form error, never a
500, and changes nothing (the privacy issue's findings 5 to 8)."""

import pytest

from events.models import Rsvp, Talk
from tests.events.test_coordinator_talk_form import talk_data
from tests.factories import TalkFactory, VenueFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/email/preferences/%00/",
        "/email/unsubscribe/%00/",
        "/calendar/me/%00.ics",
        "/rsvp/%00/",
        "/rsvp/%00/confirm/",
        "/data/%00/",
        "/email/preferences/a%00b/",
    ],
)
def test_a_token_with_a_nul_byte_is_a_plain_404(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    "start",
    [
        "2027-02-30T10:00",
        "next tuesday",
        "9999-01-01T10:00",
        "1999-12-31T10:00",
    ],
)
def test_an_impossible_or_absurd_start_is_a_form_error_and_saves_nothing(
    client, coordinator, start
):
    response = client.post(
        "/coordinate/talks/new/", talk_data(VenueFactory(), start=start, end="9999-01-01T11:00")
    )

    assert response.status_code == 400
    assert response.context["form"].errors["start"], response.context["form"].errors
    assert Talk.objects.count() == 0


def test_a_nul_byte_in_a_form_is_refused_and_saves_nothing(client, coordinator):
    response = client.post(
        "/coordinate/talks/new/", talk_data(VenueFactory(), start="2027-01-01T10:00\x00")
    )

    assert response.status_code == 400
    assert Talk.objects.count() == 0


def test_a_missing_talks_calendar_file_is_404_whatever_the_conditional_headers(client):
    assert client.get("/talks/nope.ics", HTTP_IF_NONE_MATCH="*").status_code == 404


def test_pages_behind_a_secret_link_are_never_stored_by_a_cache(client):
    from events import tokens

    rsvp = Rsvp.objects.create(
        talk=TalkFactory(), email="g@example.org", name="G", status="confirmed"
    )
    token = tokens.rsvp_token(rsvp_id=rsvp.pk, purpose=tokens.MANAGE)

    response = client.get(f"/rsvp/{token}/")

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_names_lose_line_breaks_and_direction_overrides(client):
    talk = TalkFactory()

    client.post(
        f"/talks/{talk.slug}/rsvp/",
        {"name": "Sam\r\nSmith \u202eevil\u202c\x07", "email": "sam@example.org"},
    )

    assert Rsvp.objects.get().name == "Sam Smith evil"
