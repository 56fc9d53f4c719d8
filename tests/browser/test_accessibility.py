"""Every kind of page, checked by axe-core in a real browser against WCAG 2.1 A and AA."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from events import services, tokens
from notifications.selectors import preference_stored
from outreach.request_tokens import talk_request_status_token
from outreach.services import requests as request_services
from tests import factories
from tests.conftest import IN_CI
from tests.factories import (
    CoordinatorFactory,
    RsvpFactory,
    TalkFactory,
    TalkRequestFactory,
    TopicFactory,
    UserFactory,
    WalkInFactory,
)

pytestmark = pytest.mark.browser
AXE = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Every page is checked on a desktop and on a phone: the layout changes between them.
WIDTHS = pytest.mark.parametrize("width", [1280, 390])


@pytest.fixture
def sized_page(page, width):
    page.set_viewport_size({"width": width, "height": 900})
    return page


@pytest.fixture(scope="module")
def axe_source():
    if not AXE.exists():
        if IN_CI:
            pytest.fail("axe-core is missing: make test runs npm ci in tests/browser/axe")
        pytest.skip("axe-core is not installed (npm ci in tests/browser/axe)")
    return AXE.read_text()


def violations(page, url, axe_source):
    page.goto(url)
    return violations_here(page, axe_source)


def violations_here(page, axe_source):
    """axe's findings on the page as it is now (after a form was sent, say)."""
    page.evaluate(
        axe_source
    )  # through the devtools protocol: the page's CSP allows no inline script
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG
    )
    return [
        (v["id"], v["impact"], [node["target"] for node in v["nodes"]][:3])
        for v in result["violations"]
    ]


def log_in(page, live_server, user):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("textbox", name="Email").fill(user.email)
    page.get_by_label("Password").fill("correct-horse-battery-staple")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/")


@WIDTHS
def test_public_and_guest_pages_pass_axe(sized_page, live_server, axe_source):
    page = sized_page
    online = TalkFactory(venue=None, online_url="https://meet.example.org/room")
    cancelled = TalkFactory(status="cancelled", cancellation_message="The speaker is unwell.")
    full = TalkFactory(capacity=1)
    RsvpFactory(talk=full)
    talk = TalkFactory(
        topics=[TopicFactory()],
        series=factories.SeriesFactory(),
        speakers=[factories.SpeakerFactory()],
        max_companions=2,
        ask_accessibility_needs=True,
        ask_heard_about=True,
    )
    partner = factories.PartnerFactory(cohosts=[talk])
    rsvp = services.rsvp_create(talk=talk, email="guest@example.org", name="Guest").rsvp
    manage = tokens.rsvp_token(rsvp_id=rsvp.pk, purpose=tokens.MANAGE)
    confirm = tokens.rsvp_token(rsvp_id=rsvp.pk, purpose=tokens.CONFIRM)
    pages = [
        "/",
        "/talks/past/",
        f"/talks/past/?month={timezone.now():%Y-%m}",
        talk.get_absolute_url(),
        online.get_absolute_url(),
        cancelled.get_absolute_url(),
        full.get_absolute_url(),
        f"/topics/{talk.topics.get().slug}/",
        f"/series/{talk.series.slug}/",
        f"/speakers/{talk.speakers.get().pk}/",
        "/partners/",
        partner.get_absolute_url(),
        "/search/",
        "/search/?q=ketamine",
        "/search/?q=zebra",
        f"/rsvp/{confirm}/confirm/",
        f"/rsvp/{manage}/",
        f"/check-in/{tokens.rsvp_token(rsvp_id=rsvp.pk, purpose=tokens.CHECK_IN)}/",
        f"/rsvp/{manage}/cancel/",
        f"/talks/{talk.slug}/rsvp/sent/",
        "/data/",
        f"/data/{tokens.data_link_issue(email='guest@example.org', now=timezone.now())}/",
        f"/email/preferences/{preference_stored('guest@example.org').token}/",
        f"/email/unsubscribe/{preference_stored('guest@example.org').token}/",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        *announcement_pages(talk.topics.get()),
        "/accounts/password/reset/done/",
        "/accounts/confirm-email/",
        "/accounts/inactive/",
        "/no-such-page/",
    ]

    found = {path: violations(page, live_server.url + path, axe_source) for path in pages}
    page.goto(live_server.url + talk.get_absolute_url())
    page.get_by_role("button", name="RSVP", exact=True).click()  # sent empty: errors
    found["RSVP form errors"] = violations_here(page, axe_source)
    page.goto(live_server.url + "/announcements/")
    page.get_by_role("button", name="Send me a confirmation link").click()
    found["announcements form errors"] = violations_here(page, axe_source)

    assert {path: v for path, v in found.items() if v} == {}


def announcement_pages(topic) -> list[str]:
    """Subscribe, the page after it, a confirmation link's page and a subscriber's own."""
    from outreach.services.announcements import subscriber_confirm_token

    pending = factories.SubscriberFactory(confirmed_at=None, topics=[topic])
    confirmed = factories.SubscriberFactory()
    token = subscriber_confirm_token(subscriber=pending, discreet=False)
    return [
        "/announcements/",
        "/announcements/sent/",
        f"/announcements/confirm/{token}/",
        f"/announcements/preferences/{confirmed.preference.token}/",
    ]


@WIDTHS
def test_a_messages_preview_and_an_invitation_page_pass_axe(sized_page, live_server, axe_source):
    page = sized_page
    coordinator = CoordinatorFactory()
    talk = TalkFactory()
    log_in(page, live_server, coordinator)
    page.goto(f"{live_server.url}/coordinate/talks/{talk.pk}/message/")
    page.get_by_label("Subject").fill("Parking")
    page.get_by_label("Message").fill("Use the **east** entrance.")
    page.get_by_role("button", name="Preview").click()
    page.evaluate(axe_source)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG
    )
    services.coordinator_invite(email="new@example.org", by=coordinator)
    invitation_token = tokens.invitation_token()  # a forged-but-signed link: its 404 page

    assert [v["id"] for v in result["violations"]] == []
    assert page.frame_locator("iframe").first.get_by_text("east").is_visible()
    assert (
        violations(page, f"{live_server.url}/coordinate/join/{invitation_token}/", axe_source) == []
    )


@WIDTHS
def test_member_and_coordinator_pages_pass_axe(sized_page, live_server, axe_source):
    page = sized_page
    coordinator = CoordinatorFactory()
    talk = TalkFactory()
    seat = mine = RsvpFactory(talk=talk, email=coordinator.email, user=coordinator)
    RsvpFactory.create_batch(3, talk=talk)
    WalkInFactory(talk=talk, people=2, name="Jo")
    partner = factories.PartnerFactory(cohosts=[talk])
    services.coordinator_invite(email="new@example.org", by=coordinator)  # a row to check
    log_in(page, live_server, coordinator)
    pages = [
        "/me/talks/",
        f"/me/rsvps/{mine.pk}/",
        f"/me/rsvps/{mine.pk}/cancel/",
        "/me/data/",
        "/coordinate/",
        "/coordinate/talks/new/",
        f"/coordinate/talks/{talk.pk}/",
        f"/coordinate/talks/{talk.pk}/edit/",
        f"/coordinate/talks/{talk.pk}/reschedule/",
        f"/coordinate/talks/{talk.pk}/capacity/",
        f"/coordinate/talks/{talk.pk}/cancel/",
        f"/coordinate/talks/{talk.pk}/message/",
        f"/coordinate/talks/{talk.pk}/check-in/",
        f"/check-in/{tokens.rsvp_token(rsvp_id=seat.pk, purpose=tokens.CHECK_IN)}/",
        "/coordinate/email-settings/",
        "/coordinate/venues/",
        "/coordinate/venues/new/",
        f"/coordinate/venues/{talk.venue.pk}/",
        "/coordinate/speakers/",
        "/coordinate/speakers/new/",
        "/coordinate/topics/",
        "/coordinate/topics/new/",
        "/coordinate/series/",
        "/coordinate/series/new/",
        "/coordinate/invitations/",
        "/coordinate/partners/",
        "/coordinate/partners/new/",
        f"/coordinate/partners/{partner.pk}/",
        f"/coordinate/talks/{talk.pk}/co-hosts/",
        f"/coordinate/talks/{talk.pk}/duplicate/",
        "/coordinate/impact/",
    ]

    found = {path: violations(page, live_server.url + path, axe_source) for path in pages}
    page.goto(f"{live_server.url}/coordinate/talks/{talk.pk}/edit/")
    page.get_by_label("Title").fill("")
    page.get_by_role("button", name="Save changes").click()
    found["talk editor with errors"] = violations_here(page, axe_source)
    page.goto(f"{live_server.url}/coordinate/partners/new/")
    page.get_by_role("button", name="Save").click()
    found["partner form with errors"] = violations_here(page, axe_source)

    assert {path: v for path, v in found.items() if v} == {}


@WIDTHS
def test_the_branding_page_and_a_branded_page_pass_axe(sized_page, live_server, axe_source):
    page = sized_page
    services.branding_change(
        organisation_name="Larimer Wellness Collective",
        logo="",
        accent_colour="#7a1f5c",
        about="A nonprofit clinic in Fort Collins.",
        contact_email="hello@larimer.example",
        crisis_notice="Colorado Crisis Line: 844-493-8255, any hour.",
        crisis_notice_everywhere=True,
    )
    log_in(page, live_server, CoordinatorFactory())

    shown = violations(page, f"{live_server.url}/coordinate/branding/", axe_source)
    page.get_by_label("Accent colour").fill("#aaaaaa")
    page.get_by_role("button", name="Save").click()
    page.evaluate(axe_source)
    refused = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG
    )
    sideways = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    error = page.locator(".field.has-error .errorlist").inner_text()
    home = violations(page, f"{live_server.url}/", axe_source)

    assert (shown, [v["id"] for v in refused["violations"]], home) == ([], [], [])
    assert not sideways
    assert error.startswith("White text on #aaaaaa has a contrast of only 2.32:1")
    assert page.get_by_role("complementary", name="If you need help now").is_visible()


@WIDTHS
def test_account_page_and_allauths_member_pages_pass_axe(sized_page, live_server, axe_source):
    """/me/, allauth's pages for a member, and a member's own announcements page."""
    page = sized_page
    member = UserFactory(first_name="Robin")
    RsvpFactory(talk=TalkFactory(topics=[TopicFactory()]), email=member.email, user=member)
    log_in(page, live_server, member)
    pages = [
        "/me/",
        "/announcements/",
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/logout/",
        "/accounts/reauthenticate/",
    ]

    found = {path: violations(page, live_server.url + path, axe_source) for path in pages}
    page.goto(f"{live_server.url}/me/")
    page.get_by_label("Your name").fill("<b>")
    page.get_by_role("button", name="Save my name").click()
    found["/me/ with an error"] = violations_here(page, axe_source)

    assert {path: v for path, v in found.items() if v} == {}


@WIDTHS
def test_talk_request_pages_pass_axe(sized_page, live_server, axe_source):
    """The public request form (empty, and refused with errors under its fields), its
    confirmation and status pages, and the coordinators' list, detail, schedule and
    decline pages (and decline refused)."""
    page = sized_page
    coordinator = CoordinatorFactory()
    topic = TopicFactory()
    talk_request = TalkRequestFactory(message="An evening, please.")
    talk_request.topics.set([topic])
    talk_request.preferred_dates.create(day=timezone.localdate())
    request_services.talk_request_triage(
        talk_request=talk_request,
        by=coordinator,
        state="in_discussion",
        assignee=coordinator,
        internal_note="Call them",
    )
    declined = TalkRequestFactory()
    request_services.talk_request_decline(talk_request=declined, by=coordinator, message="Sorry.")
    status = talk_request_status_token(request_id=declined.pk)
    public = ["/request-a-talk/", "/request-a-talk/sent/", f"/request-a-talk/status/{status}/"]
    found = {path: violations(page, live_server.url + path, axe_source) for path in public}
    page.goto(f"{live_server.url}/request-a-talk/")
    page.get_by_role("button", name="Send the request").click()
    page.evaluate(axe_source)
    refused = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG
    )
    log_in(page, live_server, coordinator)
    coordinating = [
        "/coordinate/requests/",
        "/coordinate/requests/?state=declined",
        f"/coordinate/requests/{talk_request.pk}/",
        f"/coordinate/requests/{talk_request.pk}/schedule/",
        f"/coordinate/requests/{talk_request.pk}/decline/",
        f"/coordinate/requests/{declined.pk}/",
    ]
    found |= {path: violations(page, live_server.url + path, axe_source) for path in coordinating}
    page.goto(f"{live_server.url}/coordinate/requests/{talk_request.pk}/decline/")
    page.get_by_role("button", name="Decline and send the message").click()
    found["decline with errors"] = violations_here(page, axe_source)

    assert [v["id"] for v in refused["violations"]] == []
    assert {path: v for path, v in found.items() if v} == {}


@WIDTHS
def test_reading_to_take_home_pages_pass_axe(sized_page, live_server, axe_source):
    page = sized_page
    coordinator = CoordinatorFactory()
    topic = TopicFactory(name="Sleep")
    talk = TalkFactory(topics=[topic])
    resource = factories.ResourceFactory(topics=[topic], kind="support")
    factories.ResourceFactory(topics=[topic], link_status=404, link_broken=True)
    log_in(page, live_server, coordinator)
    pages = [
        f"/topics/{topic.slug}/",
        talk.get_absolute_url(),
        "/coordinate/",
        "/coordinate/resources/",
        "/coordinate/resources/?broken=1",
        "/coordinate/resources/new/",
        f"/coordinate/resources/{resource.pk}/",
    ]

    found = {path: violations(page, live_server.url + path, axe_source) for path in pages}
    page.goto(f"{live_server.url}/coordinate/resources/new/")
    page.get_by_role("button", name="Save").click()  # nothing filled in: every error shown
    page.evaluate(axe_source)
    refused = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG
    )

    assert {path: v for path, v in found.items() if v} == {}
    assert [v["id"] for v in refused["violations"]] == []
    assert page.get_by_text("Choose at least one topic.").is_visible()


@WIDTHS
def test_question_feedback_and_their_coordinator_pages_pass_axe(
    sized_page, live_server, axe_source
):
    page = sized_page
    from outreach.models import Question
    from outreach.services import feedback, questions
    from tests.outreach.conftest import site_wide_items_ensure

    def path(url):
        return url.removeprefix("http://127.0.0.1:8000")

    site_wide_items_ensure()
    talk = TalkFactory()
    past = TalkFactory(start=timezone.now() - timedelta(days=1))
    Question.objects.create(talk=talk, text="Is it covered by insurance?", created_on="2026-01-02")
    ask = path(questions.question_ask_url(talk=talk))
    form = path(feedback.feedback_links_issue(talk=past, count=1)[0])
    public = [
        ask,
        f"{ask}sent/",
        path(questions.speaker_link_url(talk=talk)),
        form,
        "/feedback/thanks/",
        "/feedback/spent-or-unknown/",
    ]
    found = {p: violations(page, live_server.url + p, axe_source) for p in public}
    page.goto(live_server.url + ask)
    page.get_by_role("button", name="Send the question").click()  # nothing written
    found["question form with errors"] = violations_here(page, axe_source)
    page.goto(live_server.url + form)
    page.get_by_role("button", name="Send my feedback").click()  # every answer missing
    page.evaluate(axe_source)
    with_errors = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG
    )
    log_in(page, live_server, CoordinatorFactory())
    coordinator = [f"/coordinate/talks/{talk.pk}/questions/", "/coordinate/feedback-items/"]
    item = feedback.feedback_items_for(talk=talk)[0]
    coordinator.append(f"/coordinate/feedback-items/{item.pk}/")
    found |= {p: violations(page, live_server.url + p, axe_source) for p in coordinator}

    assert {p: v for p, v in found.items() if v} == {}
    assert [v["id"] for v in with_errors["violations"]] == []


@WIDTHS
def test_the_impact_dashboard_with_talks_held_passes_axe_and_fits_the_screen(
    sized_page, live_server, axe_source, time_machine, width
):
    from tests.outreach.impact_data import NOW, attendance_seed

    page = sized_page
    time_machine.move_to(NOW)  # the seeded talks are over by then; the clock runs on
    attendance_seed()
    log_in(page, live_server, CoordinatorFactory())

    found = violations(page, f"{live_server.url}/coordinate/impact/", axe_source)

    assert found == []
    assert page.get_by_role("img", name="Talks held per month").is_visible()
    assert page.locator("svg[role=img]").count() == 2
    assert page.evaluate("document.documentElement.scrollWidth") <= width
