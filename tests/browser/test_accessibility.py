"""Every kind of page, checked by axe-core in a real browser against WCAG 2.1 A and AA."""

from pathlib import Path

import pytest
from django.utils import timezone

from events import services, tokens
from notifications.selectors import preference_stored
from tests import factories
from tests.conftest import IN_CI
from tests.factories import (
    CoordinatorFactory,
    RsvpFactory,
    TalkFactory,
    TopicFactory,
    WalkInFactory,
)

pytestmark = pytest.mark.browser
AXE = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="module")
def axe_source():
    if not AXE.exists():
        if IN_CI:
            pytest.fail("axe-core is missing: make test runs npm ci in tests/browser/axe")
        pytest.skip("axe-core is not installed (npm ci in tests/browser/axe)")
    return AXE.read_text()


def violations(page, url, axe_source):
    page.goto(url)
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
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"{live_server.url}/")


def test_public_and_guest_pages_pass_axe(page, live_server, axe_source):
    talk = TalkFactory(
        topics=[TopicFactory()],
        series=factories.SeriesFactory(),
        speakers=[factories.SpeakerFactory()],
        max_companions=2,
        ask_accessibility_needs=True,
        ask_heard_about=True,
    )
    rsvp = services.rsvp_create(talk=talk, email="guest@example.org", name="Guest").rsvp
    manage = tokens.rsvp_token(rsvp_id=rsvp.pk, purpose=tokens.MANAGE)
    confirm = tokens.rsvp_token(rsvp_id=rsvp.pk, purpose=tokens.CONFIRM)
    pages = [
        "/",
        "/talks/past/",
        f"/talks/past/?month={timezone.now():%Y-%m}",
        talk.get_absolute_url(),
        f"/topics/{talk.topics.get().slug}/",
        f"/series/{talk.series.slug}/",
        f"/speakers/{talk.speakers.get().pk}/",
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
    ]

    found = {path: violations(page, live_server.url + path, axe_source) for path in pages}

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


def test_a_messages_preview_and_an_invitation_page_pass_axe(page, live_server, axe_source):
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


def test_member_and_coordinator_pages_pass_axe(page, live_server, axe_source):
    coordinator = CoordinatorFactory()
    talk = TalkFactory()
    seat = mine = RsvpFactory(talk=talk, email=coordinator.email, user=coordinator)
    RsvpFactory.create_batch(3, talk=talk)
    WalkInFactory(talk=talk, people=2, name="Jo")
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
        "/coordinate/topics/new/",
        "/coordinate/series/new/",
        "/coordinate/invitations/",
        "/coordinate/impact/",
    ]

    found = {path: violations(page, live_server.url + path, axe_source) for path in pages}

    assert {path: v for path, v in found.items() if v} == {}


@pytest.mark.parametrize("width", [1280, 390])
def test_the_impact_dashboard_with_talks_held_passes_axe_and_fits_the_screen(
    page, live_server, axe_source, time_machine, width
):
    from tests.outreach.impact_data import NOW, attendance_seed

    time_machine.move_to(NOW)  # the seeded talks are over by then; the clock runs on
    attendance_seed()
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, CoordinatorFactory())

    found = violations(page, f"{live_server.url}/coordinate/impact/", axe_source)

    assert found == []
    assert page.get_by_role("img", name="Talks held per month").is_visible()
    assert page.locator("svg[role=img]").count() == 2
    assert page.evaluate("document.documentElement.scrollWidth") <= width
