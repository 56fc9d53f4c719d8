"""The page a check-in code opens: a coordinator sees who it is for and checks them in by
POST (a GET, as mail scanners and camera previews make, changes nothing); anyone else
sees a neutral page and changes nothing; a forged or other-purpose link is a 404."""

from urllib.parse import quote

import pytest
from django.test import Client
from django.utils import timezone

from events import tokens
from events.models import AttendeeListAccess, Rsvp
from tests.factories import CoordinatorFactory, RsvpFactory, TalkFactory, UserFactory

pytestmark = pytest.mark.django_db


def code_of(rsvp: Rsvp, purpose: str = tokens.CHECK_IN) -> str:
    return f"/check-in/{tokens.rsvp_token(rsvp_id=rsvp.pk, purpose=purpose)}/"


@pytest.fixture
def rsvp(db):
    talk = TalkFactory(title="Ketamine and grief", max_companions=2)
    return RsvpFactory(talk=talk, name="Robin Quinn", party_size=3)


def test_a_coordinator_opening_a_code_sees_the_person_and_nothing_changes(
    client, coordinator, rsvp
):
    response = client.get(code_of(rsvp))

    page = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="door-who">Robin Quinn</h1>' in page
    assert "3 people · Ketamine and grief" in page
    assert '<button type="submit" class="door-big">Check in</button>' in page
    assert Rsvp.objects.get(pk=rsvp.pk).checked_in_at is None
    assert list(AttendeeListAccess.objects.values_list("what", "by")) == [
        ("door_code", coordinator.pk)
    ]


def test_a_coordinator_posting_a_code_checks_the_party_in_and_lands_on_it(
    client, coordinator, rsvp
):
    response = client.post(code_of(rsvp))

    checked = Rsvp.objects.get(pk=rsvp.pk)
    assert (checked.checked_in_by, checked.checked_in_at is not None) == (coordinator, True)
    assert response["Location"] == f"/coordinate/talks/{rsvp.talk_id}/check-in/#rsvp-{rsvp.pk}"
    page = client.get(response["Location"]).content.decode()
    assert '<p class="lead" role="status" id="door-count">3 of 3 people checked in</p>' in page


def test_a_code_scanned_twice_checks_in_once(client, coordinator, rsvp):
    client.post(code_of(rsvp))
    first = Rsvp.objects.get(pk=rsvp.pk).checked_in_at

    client.post(code_of(rsvp))
    page = client.get(code_of(rsvp)).content.decode()

    assert Rsvp.objects.get(pk=rsvp.pk).checked_in_at == first
    assert "Already checked in." in page
    assert "door-big" not in page


def test_a_code_of_a_cancelled_rsvp_checks_nobody_in(client, coordinator, rsvp):
    Rsvp.objects.filter(pk=rsvp.pk).update(status="cancelled")

    page = client.get(code_of(rsvp)).content.decode()
    client.post(code_of(rsvp))

    assert "This RSVP cannot be checked in: Cancelled." in page
    assert Rsvp.objects.get(pk=rsvp.pk).checked_in_at is None


@pytest.mark.parametrize("who", ["anonymous", "member", "the person themselves"])
def test_anyone_else_opening_a_code_sees_a_neutral_page_and_nothing_changes(who, rsvp):
    client = Client()
    if who == "member":
        client.force_login(UserFactory())
    if who == "the person themselves":
        person = UserFactory(email=rsvp.email)
        Rsvp.objects.filter(pk=rsvp.pk).update(user=person)
        client.force_login(person)

    response = client.get(code_of(rsvp))

    page = response.content.decode()
    assert (response.status_code, "<h1>Show this code at the door</h1>" in page) == (200, True)
    assert [
        word for word in ("Robin", "Quinn", "Ketamine", "grief", "3 people") if word in page
    ] == []
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
    assert Rsvp.objects.get(pk=rsvp.pk).checked_in_at is None
    assert AttendeeListAccess.objects.count() == 0


def test_a_member_posting_a_code_is_refused_and_nothing_changes(client, rsvp):
    client.force_login(UserFactory())

    response = client.post(code_of(rsvp))

    assert response.status_code == 403
    assert Rsvp.objects.get(pk=rsvp.pk).checked_in_at is None


def test_an_anonymous_post_goes_to_log_in_and_changes_nothing(client, rsvp):
    code = code_of(rsvp)  # once: a token signed a second later is other text

    response = client.post(code)

    assert response["Location"] == "/accounts/login/?next=" + quote(code)
    assert Rsvp.objects.get(pk=rsvp.pk).checked_in_at is None


@pytest.mark.parametrize(
    "path",
    [
        "manage link",
        "confirm link",
        "forged",
        "/check-in/abc%00def/",
        "/check-in/eyJyc3ZwIjoxfQ:1uAbCd:forged-signature-abcdefghijklmnopqrstu/",
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_link_not_made_to_check_in_is_a_404_even_for_a_coordinator(
    client, coordinator, rsvp, path, method
):
    other = {
        "manage link": code_of(rsvp, tokens.MANAGE),
        "confirm link": code_of(rsvp, tokens.CONFIRM),
        "forged": code_of(rsvp)[:-3] + "x/",
    }

    response = getattr(client, method)(other.get(path, path))

    assert response.status_code == 404
    assert Rsvp.objects.get(pk=rsvp.pk).checked_in_at is None


def test_an_anonymous_visitor_is_offered_to_log_in_and_come_back(client, rsvp):
    code = code_of(rsvp)
    page = client.get(code).content.decode()

    back = "/accounts/login/?next=" + quote(code)
    assert f'<a href="{back}">Log in</a>' in page


def test_a_coordinator_sees_the_code_of_a_person_checked_in_by_hand(rsvp):
    Rsvp.objects.filter(pk=rsvp.pk).update(checked_in_at=timezone.now())
    client = Client()
    client.force_login(CoordinatorFactory())

    assert "Already checked in." in client.get(code_of(rsvp)).content.decode()
