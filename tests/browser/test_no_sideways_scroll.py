"""No page scrolls sideways on a 390 px phone: every kind of page, public, member and
coordinator, with long names and full tables, measured in a real browser."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from events import services, tokens
from notifications.selectors import preference_stored
from tests.factories import (
    CoordinatorFactory,
    RsvpFactory,
    SeriesFactory,
    SpeakerFactory,
    TalkFactory,
    TopicFactory,
    UserFactory,
    VenueFactory,
    WalkInFactory,
)

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
LONG_TITLE = "Ketamine-assisted therapy for treatment-resistant depression: what the evidence says"


@dataclass
class Visit:
    path: str
    user: object = None
    submit: str = ""  # a button to press once there, to see the form's errors
    clear: str = ""  # a field to empty before pressing it


def busy_talk(**extra):
    """A talk with everything a page may show: topics, series, speakers, long names."""
    fields = {
        "title": LONG_TITLE,
        "topics": [TopicFactory(name="Treatment-resistant depression"), TopicFactory()],
        "series": SeriesFactory(title="Monthly evenings at the Central Library, Room B"),
        "speakers": [SpeakerFactory(name="Dr. Alexandra Montgomery-Featherstonehaugh")],
        "venue": VenueFactory(name="Central Library, Room B (second floor, east wing)"),
        "max_companions": 2,
        "ask_accessibility_needs": True,
        "ask_heard_about": True,
    }
    talk = TalkFactory(**(fields | extra))
    RsvpFactory.create_batch(2, talk=talk, name="Maximiliana Featherstonehaugh-Smythe")
    return talk


def member_with_rsvp():
    member = UserFactory()
    rsvp = RsvpFactory(talk=busy_talk(), user=member, email=member.email, name="Member")
    return member, rsvp


def guest_rsvp():
    talk = busy_talk()
    return services.rsvp_create(talk=talk, email="guest@example.org", name="Guest").rsvp


def manage_token(rsvp):
    return tokens.rsvp_token(rsvp_id=rsvp.pk, purpose=tokens.MANAGE)


def visit_home():
    busy_talk(online_url="https://meet.example.org/a-very-long-room-name-for-the-talk")
    return Visit("/")


def visit_past():
    busy_talk(start=timezone.now() - timedelta(days=3))
    return Visit("/talks/past/")


def visit_search_found():
    busy_talk()
    return Visit("/search/?q=ketamine")


def visit_search_empty():
    return Visit("/search/?q=zebra")


def visit_topic():
    return Visit(f"/topics/{busy_talk().topics.first().slug}/")


def visit_series():
    return Visit(f"/series/{busy_talk().series.slug}/")


def visit_speaker():
    return Visit(f"/speakers/{busy_talk().speakers.get().pk}/")


def visit_talk_in_person():
    return Visit(busy_talk().get_absolute_url())


def visit_talk_online():
    talk = busy_talk(venue=None, online_url="https://meet.example.org/room")
    return Visit(talk.get_absolute_url())


def visit_talk_full():
    talk = busy_talk(capacity=2)
    return Visit(talk.get_absolute_url())


def visit_talk_cancelled():
    talk = busy_talk(status="cancelled", cancellation_message="The speaker is unwell. " * 5)
    return Visit(talk.get_absolute_url())


def visit_rsvp_form_errors():
    return Visit(busy_talk().get_absolute_url(), submit="RSVP")


def visit_guest_rsvp_sent():
    return Visit(f"/talks/{busy_talk().slug}/rsvp/sent/")


def visit_guest_rsvp_page():
    return Visit(f"/rsvp/{manage_token(guest_rsvp())}/")


def visit_guest_cancel():
    return Visit(f"/rsvp/{manage_token(guest_rsvp())}/cancel/")


def visit_guest_confirm():
    rsvp = guest_rsvp()
    return Visit(f"/rsvp/{tokens.rsvp_token(rsvp_id=rsvp.pk, purpose=tokens.CONFIRM)}/confirm/")


def visit_member_rsvp_success():
    member, rsvp = member_with_rsvp()
    return Visit(f"/me/rsvps/{rsvp.pk}/", member)


def visit_member_cancel():
    member, rsvp = member_with_rsvp()
    return Visit(f"/me/rsvps/{rsvp.pk}/cancel/", member)


def visit_my_talks():
    member, _ = member_with_rsvp()
    return Visit("/me/talks/", member)


def visit_my_data():
    member, _ = member_with_rsvp()
    return Visit("/me/data/", member)


def visit_data_request():
    return Visit("/data/")


def visit_guest_data():
    guest_rsvp()
    return Visit(f"/data/{tokens.data_link_issue(email='guest@example.org', now=timezone.now())}/")


def visit_preferences():
    return Visit(f"/email/preferences/{preference_stored('guest@example.org').token}/")


def visit_unsubscribe():
    return Visit(f"/email/unsubscribe/{preference_stored('guest@example.org').token}/")


def visit_login():
    return Visit("/accounts/login/")


def visit_signup():
    return Visit("/accounts/signup/")


def visit_not_found():
    return Visit("/no-such-page/")


def check_in_token(talk):
    return tokens.rsvp_token(rsvp_id=talk.rsvps.first().pk, purpose=tokens.CHECK_IN)


def coordinator_visit(path_of_talk):
    def visit():
        talk = busy_talk(online_url="https://meet.example.org/a-room")
        WalkInFactory(talk=talk, people=2, name="Bartholomew Featherstonehaugh")
        return Visit(path_of_talk(talk), CoordinatorFactory())

    return visit


def visit_talk_editor_errors():
    talk = busy_talk()
    return Visit(
        f"/coordinate/talks/{talk.pk}/edit/", CoordinatorFactory(), "Save changes", clear="Title"
    )


def visit_invitations():
    coordinator = CoordinatorFactory()
    services.coordinator_invite(
        email="a.very.long.address.for.a.new.coordinator@example.org", by=coordinator
    )
    return Visit("/coordinate/invitations/", coordinator)


VISITS = {
    "home": visit_home,
    "past": visit_past,
    "search-with-results": visit_search_found,
    "search-without-results": visit_search_empty,
    "topic": visit_topic,
    "series": visit_series,
    "speaker": visit_speaker,
    "talk-in-person": visit_talk_in_person,
    "talk-online": visit_talk_online,
    "talk-full": visit_talk_full,
    "talk-cancelled": visit_talk_cancelled,
    "rsvp-form-errors": visit_rsvp_form_errors,
    "guest-rsvp-sent": visit_guest_rsvp_sent,
    "guest-rsvp-page": visit_guest_rsvp_page,
    "guest-confirm": visit_guest_confirm,
    "guest-cancel-confirmation": visit_guest_cancel,
    "member-rsvp-success": visit_member_rsvp_success,
    "member-cancel-confirmation": visit_member_cancel,
    "my-talks": visit_my_talks,
    "my-data": visit_my_data,
    "data-request": visit_data_request,
    "guest-data": visit_guest_data,
    "email-preferences": visit_preferences,
    "unsubscribe": visit_unsubscribe,
    "login": visit_login,
    "signup": visit_signup,
    "not-found": visit_not_found,
    "coordinator-dashboard": coordinator_visit(lambda talk: "/coordinate/"),
    "coordinator-talk-detail": coordinator_visit(lambda talk: f"/coordinate/talks/{talk.pk}/"),
    "talk-editor-new": coordinator_visit(lambda talk: "/coordinate/talks/new/"),
    "talk-editor-errors": visit_talk_editor_errors,
    "capacity": coordinator_visit(lambda talk: f"/coordinate/talks/{talk.pk}/capacity/"),
    "cancel-talk": coordinator_visit(lambda talk: f"/coordinate/talks/{talk.pk}/cancel/"),
    "reschedule": coordinator_visit(lambda talk: f"/coordinate/talks/{talk.pk}/reschedule/"),
    "duplicate": coordinator_visit(lambda talk: f"/coordinate/talks/{talk.pk}/duplicate/"),
    "message": coordinator_visit(lambda talk: f"/coordinate/talks/{talk.pk}/message/"),
    "check-in": coordinator_visit(lambda talk: f"/coordinate/talks/{talk.pk}/check-in/"),
    "check-in-one": coordinator_visit(lambda talk: f"/check-in/{check_in_token(talk)}/"),
    "venues": coordinator_visit(lambda talk: "/coordinate/venues/"),
    "venue-form": coordinator_visit(lambda talk: f"/coordinate/venues/{talk.venue_id}/"),
    "speakers": coordinator_visit(lambda talk: "/coordinate/speakers/"),
    "speaker-form": coordinator_visit(lambda talk: "/coordinate/speakers/new/"),
    "topics": coordinator_visit(lambda talk: "/coordinate/topics/"),
    "topic-form": coordinator_visit(lambda talk: "/coordinate/topics/new/"),
    "series-list": coordinator_visit(lambda talk: "/coordinate/series/"),
    "series-form": coordinator_visit(lambda talk: "/coordinate/series/new/"),
    "invitations": visit_invitations,
    "email-settings": coordinator_visit(lambda talk: "/coordinate/email-settings/"),
}


def phone_context(browser, url, user):
    """A phone-sized browser context, with `user`'s session cookie when there is one."""
    context = browser.new_context(viewport=PHONE)
    if user is not None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": url}])
    return context


@pytest.mark.parametrize("kind", VISITS)
def test_page_does_not_scroll_sideways_on_a_phone(kind, browser, live_server):
    visit = VISITS[kind]()
    context = phone_context(browser, live_server.url, visit.user)
    page = context.new_page()

    response = page.goto(live_server.url + visit.path)
    if visit.submit:
        if visit.clear:
            page.get_by_label(visit.clear).fill("")
        page.get_by_role("button", name=visit.submit, exact=True).click()
        page.wait_for_load_state()
    width = page.evaluate("document.documentElement.scrollWidth")
    context.close()

    assert response.status == (404 if kind == "not-found" else 200)
    assert width <= PHONE["width"]
