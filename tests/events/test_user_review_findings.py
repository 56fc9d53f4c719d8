"""Regressions for what a first-time user found trying every flow in a browser."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events import services, tokens
from events.models import Rsvp
from notifications.models import EmailSettings, OutgoingEmail
from tests.conftest import deliver_due, parsed, text_of
from tests.factories import RsvpFactory, TalkFactory, UserFactory

pytestmark = pytest.mark.django_db


def html_of(message) -> str:
    return parsed(message).get_body(preferencelist=("html",)).get_content()


def test_a_refused_rsvp_puts_the_focus_on_the_first_field_in_error(client):
    talk = TalkFactory()

    page = client.post(f"/talks/{talk.slug}/rsvp/", {"name": "Sam", "email": "not an address"})

    assert page.status_code == 400
    assert 'name="email"' in page.content.decode()
    assert page.context["form"].fields["email"].widget.attrs.get("autofocus") is True


def test_opening_a_confirm_link_again_after_confirming_says_so_with_the_details(client):
    talk = TalkFactory(title="Ketamine 101", max_companions=1)
    rsvp = services.rsvp_create(talk=talk, email="g@example.org", name="G", party_size=2).rsvp
    token = tokens.rsvp_confirm_token(rsvp_id=rsvp.pk, discreet=False)
    client.post(f"/rsvp/{token}/confirm/")

    again = client.get(f"/rsvp/{token}/confirm/")

    page = again.content.decode()
    manage = tokens.rsvp_token(rsvp_id=rsvp.pk, purpose=tokens.MANAGE)
    assert again.status_code == 200
    assert "<h1>Already confirmed</h1>" in page
    assert "Your RSVP is already confirmed. You are going." in page
    assert ("Ketamine 101" in page, "2 people" in page) == (True, True)
    assert f'href="/rsvp/{manage}/"' in page
    assert Rsvp.objects.get().status == "confirmed"


def test_a_past_talk_offers_no_way_into_a_calendar(client):
    talk = TalkFactory(start=timezone.now() - timedelta(days=3))

    page = client.get(talk.get_absolute_url()).content.decode()

    assert "Download .ics" not in page
    assert "Add to Google Calendar" not in page


def test_with_discreet_emails_by_default_the_rsvp_form_starts_with_the_box_ticked(client):
    EmailSettings.objects.update_or_create(pk=1, defaults={"discreet_by_default": True})

    form = client.get(TalkFactory().get_absolute_url()).context["form"]

    assert form["discreet_emails"].value() is True


def test_my_talks_offers_to_rsvp_again_for_a_cancelled_rsvp_to_a_talk_to_come(client):
    member = UserFactory()
    rsvp = RsvpFactory(email=member.email, user=member, status=Rsvp.Status.CANCELLED)
    client.force_login(member)

    page = client.get("/me/talks/").content.decode()

    assert f'href="{rsvp.talk.get_absolute_url()}#your-rsvp">RSVP again' in page


def test_an_online_only_talks_confirmation_has_no_code_to_show_at_a_door():
    online = TalkFactory(venue=None, online_url="https://meet.example.org/talk")
    in_person = TalkFactory()
    member = UserFactory()

    for talk in (online, in_person):
        services.rsvp_create(talk=talk, email=member.email, name="M", user=member)

    confirmations = OutgoingEmail.objects.filter(kind="rsvp_confirmed").order_by("pk")
    assert [bool(email.qr_url) for email in confirmations] == [False, True]


def test_the_rsvp_page_of_a_talk_that_has_ended_says_so_and_promises_nothing_more(client):
    talk = TalkFactory(start=timezone.now() - timedelta(days=2))
    rsvp = RsvpFactory(talk=talk)
    manage = tokens.rsvp_token(rsvp_id=rsvp.pk, purpose=tokens.MANAGE)

    page = client.get(f"/rsvp/{manage}/").content.decode()

    assert "<strong>This talk has ended: thank you for your RSVP</strong>" in page
    assert '<p>This talk has ended. <a href="/">See the coming talks</a></p>' in page
    assert "You are going" not in page
    assert "We email you a reminder before the talk." not in page
    assert "Cannot come after all?" not in page


def test_the_rsvp_page_gives_the_venue_address_on_one_line_with_commas(client):
    talk = TalkFactory(venue__name="Central Library", venue__address="10 W 14th Ave\nDenver, CO")
    manage = tokens.rsvp_token(rsvp_id=RsvpFactory(talk=talk).pk, purpose=tokens.MANAGE)

    page = client.get(f"/rsvp/{manage}/").content.decode()

    assert "<dd>Central Library, 10 W 14th Ave, Denver, CO</dd>" in page


def test_a_party_made_smaller_to_one_person_is_told_its_seat_not_seats_is_confirmed():
    talk = TalkFactory(title="Ketamine 101", max_companions=2)
    member = UserFactory()
    rsvp = services.rsvp_create(
        talk=talk, email=member.email, name="M", user=member, party_size=2
    ).rsvp
    deliver_due()

    services.rsvp_party_change(rsvp=rsvp, party_size=1)

    (email,) = deliver_due()
    assert "is now for 1 person. Your seat is confirmed." in text_of(email)
    assert "is now for 1 person. Your seat is confirmed." in html_of(email)


def test_the_sign_up_email_has_a_sentence_case_subject_of_our_own(client):
    client.post(
        "/accounts/signup/",
        {
            "email": "new@example.org",
            "password1": "a-long-passphrase-42",
            "password2": "a-long-passphrase-42",
        },
    )

    assert list(OutgoingEmail.objects.values_list("subject", flat=True)) == [
        "[Community Talks] Confirm your email address"
    ]
