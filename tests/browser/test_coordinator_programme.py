"""A coordinator creates a venue, a speaker (with a photo) and a topic in a real browser,
and the new talk form offers them at once."""

import pytest

from events.models import Speaker, Topic, Venue
from tests.browser.test_accessibility import log_in
from tests.factories import CoordinatorFactory

pytestmark = pytest.mark.browser

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def coordinator_page(page, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    log_in(page, live_server, CoordinatorFactory())
    return page


def status_text(page) -> str:
    return page.get_by_role("status").inner_text()


def test_a_coordinator_creates_a_venue_a_speaker_and_a_topic(coordinator_page, live_server):
    page = coordinator_page
    page.goto(f"{live_server.url}/coordinate/")

    page.get_by_role("link", name="Venues").click()
    page.get_by_role("link", name="New venue").click()
    page.get_by_label("Name").fill("Central Library, room 2")
    page.get_by_label("Address").fill("100 Main Street\nDenver, CO")
    page.get_by_label("Accessibility notes").fill("Step-free entrance on the east side.")
    page.get_by_role("button", name="Save").click()
    assert status_text(page) == "The venue is saved."
    assert page.get_by_role("link", name="Central Library, room 2").is_visible()

    page.goto(f"{live_server.url}/coordinate/speakers/new/")
    page.get_by_label("Name").fill("Dr. Ada Lovelace")
    page.get_by_label("Pronouns").fill("she/her")
    page.get_by_label("Short bio").fill("Psychiatrist.")
    page.get_by_label("Photo").set_input_files(
        files=[{"name": "ada.png", "mimeType": "image/png", "buffer": PNG}]
    )
    page.get_by_role("button", name="Save").click()
    assert status_text(page) == "The speaker is saved."

    page.goto(f"{live_server.url}/coordinate/topics/new/")
    page.get_by_label("Name").fill("Trauma and PTSD")
    page.get_by_role("button", name="Save").click()
    assert status_text(page) == "The topic is saved."

    page.goto(f"{live_server.url}/coordinate/talks/new/")
    assert page.get_by_label("Venue").locator("option", has_text="Central Library").count() == 1
    assert page.get_by_label("Dr. Ada Lovelace").is_visible()
    assert page.get_by_label("Trauma and PTSD").is_visible()
    assert list(Venue.objects.values_list("name", "address")) == [
        ("Central Library, room 2", "100 Main Street\nDenver, CO")
    ]
    assert Speaker.objects.values_list("name", "pronouns").get() == ("Dr. Ada Lovelace", "she/her")
    assert Speaker.objects.get().photo.name.endswith(".png")
    assert Topic.objects.values_list("slug", flat=True).get() == "trauma-and-ptsd"


def test_a_taken_slug_is_shown_under_its_field(coordinator_page, live_server):
    page = coordinator_page
    Topic.objects.create(name="PTSD", slug="ptsd")

    page.goto(f"{live_server.url}/coordinate/topics/new/")
    page.get_by_label("Name").fill("Post-traumatic stress")
    page.get_by_label("Slug").fill("ptsd")
    page.get_by_role("button", name="Save").click()

    assert page.get_by_role("alert").inner_text().startswith("Nothing was saved.")
    assert page.locator(".field.has-error .errorlist").inner_text() == (
        "Another topic already uses this slug. Choose another."
    )
