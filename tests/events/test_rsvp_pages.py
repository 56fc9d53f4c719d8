import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from events import tokens
from events.models import Rsvp
from notifications.models import OutgoingEmail
from notifications.selectors import email_settings_current
from tests.conftest import deliver_due, text_of
from tests.factories import RsvpFactory, SpeakerFactory, TalkFactory, TopicFactory, UserFactory

ONLINE = "https://meet.example.org/secret-room"


def link_in_latest_email(to: str, pattern: str) -> str:
    deliver_due()
    body = text_of([m for m in mail.outbox if m.to == [to]][-1])
    return re.search(rf"http://127\.0\.0\.1:8000({pattern})", body).group(1)


@pytest.mark.django_db
def test_guest_rsvp_confirm_link_then_cancel_link(client):
    talk = TalkFactory(capacity=3, online_url=ONLINE)

    response = client.post(f"/talks/{talk.slug}/rsvp/", {"name": "Ari", "email": "ari@example.org"})

    rsvp = Rsvp.objects.get()
    assert (response.status_code, rsvp.status, rsvp.name) == (302, "pending", "Ari")
    assert "Please check your email" in client.get(talk.get_absolute_url()).content.decode()
    confirm_path = link_in_latest_email("ari@example.org", r"/rsvp/[^/\s]+/confirm/")
    assert client.get(confirm_path).status_code == 200
    assert Rsvp.objects.get().status == "pending"  # a GET (a mail scanner) changes nothing

    manage_page = client.post(confirm_path, follow=True).content.decode()

    assert Rsvp.objects.get().status == "confirmed"
    assert ONLINE in manage_page
    deliver_due()
    assert ONLINE in text_of(mail.outbox[-1])
    manage_path = link_in_latest_email("ari@example.org", r"/rsvp/[^/\s]+/")
    client.post(manage_path + "cancel/")
    assert Rsvp.objects.get().status == "cancelled"


@pytest.mark.django_db
def test_member_rsvps_in_one_click(client):
    member = UserFactory(first_name="Jo")
    talk = TalkFactory()
    client.force_login(member)

    client.post(f"/talks/{talk.slug}/rsvp/", {"name": "Jo"})

    rsvp = Rsvp.objects.get()
    assert (rsvp.email, rsvp.user, rsvp.status) == (member.email, member, "confirmed")
    assert "You are going." in client.get(talk.get_absolute_url()).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": "<b>Ari</b>", "email": "a@example.org"}, "name", "Please use plain text"),
        ({"name": "Ari", "email": "not-an-email"}, "email", "Enter a valid email address."),
        ({"name": "", "email": "a@example.org"}, "name", "This field is required."),
        ({"name": "x" * 101, "email": "a@example.org"}, "name", "at most 100 characters"),
    ],
)
def test_bad_rsvp_input_shows_the_error_by_the_field_and_changes_nothing(
    client, data, field, message
):
    talk = TalkFactory()

    response = client.post(f"/talks/{talk.slug}/rsvp/", data)

    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert Rsvp.objects.count() == 0
    assert OutgoingEmail.objects.count() == 0


@pytest.mark.django_db
def test_rsvp_to_a_closed_talk_says_why(client):
    talk = TalkFactory(rsvp_closes_at=timezone.now() - timedelta(minutes=1))

    response = client.post(f"/talks/{talk.slug}/rsvp/", {"name": "A", "email": "a@example.org"})

    assert response.status_code == 409
    assert response.context["form"].non_field_errors() == ["RSVPs for this talk are closed."]


@pytest.mark.django_db
def test_optional_questions_and_companions_appear_only_when_switched_on(client):
    plain = TalkFactory()
    asking = TalkFactory(max_companions=2, ask_accessibility_needs=True, ask_heard_about=True)

    plain_fields = list(client.get(plain.get_absolute_url()).context["form"].fields)
    asking_fields = list(client.get(asking.get_absolute_url()).context["form"].fields)

    assert plain_fields == ["name", "email", "discreet_emails"]
    assert asking_fields == [
        "name",
        "email",
        "companions",
        "accessibility_needs",
        "heard_about",
        "discreet_emails",
    ]


@pytest.mark.django_db
def test_online_link_is_never_on_the_public_talk_page(client):
    talk = TalkFactory(online_url=ONLINE)
    RsvpFactory(talk=talk)

    page = client.get(talk.get_absolute_url()).content.decode()

    assert ONLINE not in page
    assert "the link is sent to confirmed attendees" in page


@pytest.mark.django_db
def test_tampered_or_expired_links_are_refused(client, settings):
    rsvp = RsvpFactory(status="pending")
    token = tokens.rsvp_token(rsvp_id=rsvp.pk, purpose=tokens.CONFIRM)
    settings.EVENTS_CONFIRM_WITHIN = timedelta(seconds=-1)

    assert client.get(f"/rsvp/{token}/confirm/").status_code == 404
    assert client.get(f"/rsvp/{token}x/").status_code == 404
    assert client.get(f"/rsvp/{token}/").status_code == 404  # a confirm token is not a manage one


@pytest.mark.django_db
def test_my_talks_lists_and_cancels_own_rsvps_only(client):
    member = UserFactory()
    mine = RsvpFactory(email=member.email, user=member)
    other = RsvpFactory()
    client.force_login(member)

    page = client.get("/me/talks/").content.decode()
    refused = client.post(f"/me/rsvps/{other.pk}/cancel/")
    client.post(f"/me/rsvps/{mine.pk}/cancel/")

    assert mine.talk.title in page
    assert other.talk.title not in page
    assert refused.status_code == 404
    assert [Rsvp.objects.get(pk=r.pk).status for r in (mine, other)] == ["cancelled", "confirmed"]


@pytest.mark.django_db
def test_my_talks_lists_upcoming_soonest_first_then_past_latest_first(client):
    member = UserFactory()
    now = timezone.now()
    for title, days in [("Later", 20), ("Long ago", -30), ("Soon", 2), ("Last week", -7)]:
        talk = TalkFactory(title=title, start=now + timedelta(days=days))
        RsvpFactory(talk=talk, email=member.email, user=member)
    client.force_login(member)

    rsvps = client.get("/me/talks/").context["rsvps"]

    assert [rsvp.talk.title for rsvp in rsvps.upcoming] == ["Soon", "Later"]
    assert [rsvp.talk.title for rsvp in rsvps.past] == ["Last week", "Long ago"]


@pytest.mark.django_db
@pytest.mark.parametrize("rsvps", [1, 25])
def test_talk_page_query_count_does_not_grow(client, django_assert_num_queries, rsvps):
    talk = TalkFactory(topics=[TopicFactory()], speakers=SpeakerFactory.create_batch(3))
    RsvpFactory.create_batch(rsvps, talk=talk)
    email_settings_current()  # a running site has its one settings row

    # the talk with its counters, the email settings (the RSVP form), topics, speakers,
    # co-hosts (outreach, events/hooks.py) and the topics' resources
    # (events.hooks.topic_resources: one query, outreach's)
    with django_assert_num_queries(6):
        response = client.get(talk.get_absolute_url())
    with django_assert_num_queries(0):  # kept, and current: the versions are in the cache
        again = client.get(talk.get_absolute_url())

    assert response.status_code == again.status_code == 200
    assert f"{30 - rsvps} seats left" in again.content.decode()


@pytest.mark.django_db
def test_description_markdown_is_rendered_without_script_or_handlers(client):
    from events.markdown import render_markdown

    html = render_markdown(
        "**Hi** <script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1))"
    )

    assert "<strong>Hi</strong>" in html
    assert "<script" not in html
    assert "onerror" not in html
    assert "javascript:" not in html
