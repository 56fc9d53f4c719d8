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
    PartnerFactory,
    ResourceFactory,
    RsvpFactory,
    SeriesFactory,
    SpeakerFactory,
    SubscriberFactory,
    TalkFactory,
    TalkRequestFactory,
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
    status: int = 200


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
    return Visit("/no-such-page/", status=404)


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


def visit_account():
    member, _ = member_with_rsvp()
    return Visit("/me/", member)


# Outreach: talk requests, partners, announcements, reading to take home, questions and
# feedback, with the longest names their fields allow a person to type.
LONG_ORGANISATION = "Riverside Veterans' Peer-Support Association of Northern Colorado"
LONG_EMAIL = "a.very.long.address.for.the.organisers.of.the.group@riverside-veterans.example.org"
LONG_WORDING = (
    "How comfortable would you be recommending ketamine-assisted therapy to someone you "
    "care about, if their doctor suggested it?"
)


def path_of(url):
    """A link the services build whole (with the site's address), as a path."""
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def busy_request(**extra):
    talk_request = TalkRequestFactory(
        organisation=LONG_ORGANISATION,
        contact_name="Maximiliana Featherstonehaugh-Smythe",
        contact_email=LONG_EMAIL,
        audience="Veterans, their families and the volunteers who run our Tuesday evenings",
        address="Riverside Community Centre, 1234 North College Avenue, Fort Collins, CO 80524",
        message="We meet every week. " * 12,
        **extra,
    )
    talk_request.topics.set([TopicFactory(name="Treatment-resistant depression")])
    talk_request.preferred_dates.create(day=timezone.localdate() + timedelta(days=30))
    return talk_request


def triaged_request():
    from outreach.services import requests

    coordinator = CoordinatorFactory(email=LONG_EMAIL.replace("a.very", "coordinator"))
    talk_request = busy_request()
    requests.talk_request_triage(
        talk_request=talk_request,
        by=coordinator,
        state="in_discussion",
        assignee=coordinator,
        internal_note="Call them after the holidays. " * 5,
    )
    return talk_request, coordinator


def declined_request():
    from outreach.services import requests

    talk_request, coordinator = triaged_request()
    requests.talk_request_decline(
        talk_request=talk_request, by=coordinator, message="We cannot travel that far. " * 6
    )
    return talk_request, coordinator


def visit_request_status():
    from outreach.request_tokens import talk_request_status_token

    talk_request, _ = declined_request()
    return Visit(f"/request-a-talk/status/{talk_request_status_token(request_id=talk_request.pk)}/")


def request_visit(path_of_request):
    def visit():
        talk_request, coordinator = triaged_request()
        return Visit(path_of_request(talk_request), coordinator)

    return visit


def visit_request_decline_errors():
    talk_request, coordinator = triaged_request()
    path = f"/coordinate/requests/{talk_request.pk}/decline/"
    return Visit(path, coordinator, "Decline and send the message")


def busy_partner():
    talk = busy_talk()
    return PartnerFactory(
        name="Northern Colorado Veterans' Peer-Support Network and Family Resource Centre",
        website="https://www.northern-colorado-veterans-peer-support-network.example.org/about/",
        description="Peer-led support groups for veterans and their families. " * 4,
        contact_email=LONG_EMAIL,
        cohosts=[talk],
    )


def visit_partners():
    busy_partner()
    return Visit("/partners/")


def visit_partner():
    return Visit(busy_partner().get_absolute_url())


def partner_visit(path_of_partner):
    def visit():
        return Visit(path_of_partner(busy_partner()), CoordinatorFactory())

    return visit


def visit_partner_form_errors():
    return Visit("/coordinate/partners/new/", CoordinatorFactory(), "Save")


def visit_cohosts():
    partner = busy_partner()
    return Visit(f"/coordinate/talks/{partner.talks.get().pk}/co-hosts/", CoordinatorFactory())


def visit_announcements_errors():
    busy_talk()
    return Visit("/announcements/", submit="Send me a confirmation link")


def visit_announcements():
    busy_talk()
    return Visit("/announcements/")


def visit_announcements_sent():
    return Visit("/announcements/sent/")


def visit_subscription_confirm():
    from outreach.services.announcements import subscriber_confirm_token

    topic = busy_talk().topics.first()
    pending = SubscriberFactory(confirmed_at=None, topics=[topic], preference__email=LONG_EMAIL)
    token = subscriber_confirm_token(subscriber=pending, discreet=False)
    return Visit(f"/announcements/confirm/{token}/")


def visit_subscription_preferences():
    busy_talk()
    subscriber = SubscriberFactory(preference__email=LONG_EMAIL)
    return Visit(f"/announcements/preferences/{subscriber.preference.token}/")


def visit_announcements_member():
    busy_talk()
    return Visit("/announcements/", UserFactory(email=LONG_EMAIL))


def busy_resource():
    return ResourceFactory(
        title="Ketamine for treatment-resistant depression: a review of the randomised trials",
        source="The Journal of Clinical Psychiatry and Neuroscience (peer reviewed)",
        link="https://journals.example.org/psychiatry/2024/ketamine-treatment-resistant-depression",
        topics=[TopicFactory(name="Treatment-resistant depression"), TopicFactory()],
        link_status=404,
        link_broken=True,
        link_checked_at=timezone.now(),
    )


def resource_visit(path_of_resource):
    def visit():
        return Visit(path_of_resource(busy_resource()), CoordinatorFactory())

    return visit


def visit_resource_form_errors():
    return Visit("/coordinate/resources/new/", CoordinatorFactory(), "Save")


def talk_with_questions():
    from outreach.services import questions

    talk = busy_talk()
    for text in ["Is it covered by insurance? " * 8, "What does a session feel like?"]:
        questions.question_send(talk=talk, text=text, today=timezone.localdate())
    return talk


def visit_question_form():
    from outreach.services import questions

    return Visit(path_of(questions.question_ask_url(talk=busy_talk())))


def visit_question_form_errors():
    from outreach.services import questions

    return Visit(path_of(questions.question_ask_url(talk=busy_talk())), submit="Send the question")


def visit_question_sent():
    from outreach.services import questions

    return Visit(path_of(questions.question_ask_url(talk=busy_talk())) + "sent/")


def visit_speaker_questions():
    from outreach.services import questions

    return Visit(path_of(questions.speaker_link_url(talk=talk_with_questions())))


def visit_coordinator_questions():
    return Visit(f"/coordinate/talks/{talk_with_questions().pk}/questions/", CoordinatorFactory())


def feedback_form_path():
    from outreach.services import feedback
    from tests.outreach.conftest import site_wide_items_ensure

    site_wide_items_ensure()
    past = busy_talk(start=timezone.now() - timedelta(days=1))
    feedback.feedback_item_create(series=past.series, wording=LONG_WORDING, position=0)
    return path_of(feedback.feedback_links_issue(talk=past, count=1)[0])


def visit_feedback_form():
    return Visit(feedback_form_path())


def visit_feedback_form_errors():
    return Visit(feedback_form_path(), submit="Send my feedback")


def visit_feedback_thanks():
    return Visit("/feedback/thanks/")


def visit_feedback_link_used():
    return Visit("/feedback/spent-or-unknown/", status=404)


def feedback_items_visit(path_of_item):
    def visit():
        from outreach.services import feedback

        series = SeriesFactory(title="Monthly evenings at the Central Library, Room B")
        item = feedback.feedback_item_create(series=series, wording=LONG_WORDING, position=0)
        return Visit(path_of_item(item), CoordinatorFactory())

    return visit


OUTREACH_VISITS = {
    "request-form": lambda: Visit("/request-a-talk/"),
    "request-form-errors": lambda: Visit("/request-a-talk/", submit="Send the request"),
    "request-sent": lambda: Visit("/request-a-talk/sent/"),
    "request-status": visit_request_status,
    "partners": visit_partners,
    "partner": visit_partner,
    "coordinator-partners": partner_visit(lambda partner: "/coordinate/partners/"),
    "coordinator-partner-form": partner_visit(lambda p: f"/coordinate/partners/{p.pk}/"),
    "coordinator-partner-form-errors": visit_partner_form_errors,
    "co-hosts": visit_cohosts,
    "announcements": visit_announcements,
    "announcements-errors": visit_announcements_errors,
    "announcements-sent": visit_announcements_sent,
    "announcements-confirm": visit_subscription_confirm,
    "announcements-preferences": visit_subscription_preferences,
    "announcements-member": visit_announcements_member,
    "resources": resource_visit(lambda resource: "/coordinate/resources/"),
    "resource-form": resource_visit(lambda r: f"/coordinate/resources/{r.pk}/"),
    "resource-form-errors": visit_resource_form_errors,
    "question-form": visit_question_form,
    "question-form-errors": visit_question_form_errors,
    "question-sent": visit_question_sent,
    "speaker-questions": visit_speaker_questions,
    "coordinator-questions": visit_coordinator_questions,
    "feedback-form": visit_feedback_form,
    "feedback-form-errors": visit_feedback_form_errors,
    "feedback-thanks": visit_feedback_thanks,
    "feedback-link-used": visit_feedback_link_used,
    "feedback-items": feedback_items_visit(lambda item: "/coordinate/feedback-items/"),
    "feedback-item-form": feedback_items_visit(lambda i: f"/coordinate/feedback-items/{i.pk}/"),
    "requests": request_visit(lambda talk_request: "/coordinate/requests/"),
    "request-detail": request_visit(lambda r: f"/coordinate/requests/{r.pk}/"),
    "request-schedule": request_visit(lambda r: f"/coordinate/requests/{r.pk}/schedule/"),
    "request-decline": request_visit(lambda r: f"/coordinate/requests/{r.pk}/decline/"),
    "request-decline-errors": visit_request_decline_errors,
}


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
    "branding": coordinator_visit(lambda talk: "/coordinate/branding/"),
    "account": visit_account,
    **OUTREACH_VISITS,
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

    assert response.status == visit.status
    assert width <= PHONE["width"]
