import pytest

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.browser


def test_home_page_then_log_in_by_keyboard(page, live_server):
    member = UserFactory(email="keyboard.user@example.org")

    page.goto(live_server.url + "/")
    assert page.title() == "Upcoming talks · Community Talks"
    assert page.get_by_role("heading", level=1).inner_text() == "Free public talks"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"

    page.get_by_role("link", name="Log in").click()
    assert page.get_by_role("heading", level=1).inner_text().strip() == "Log in"
    page.get_by_label("Email").fill(member.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.wait_for_url(live_server.url + "/")
    assert page.get_by_role("button", name="Log out").is_visible()
    assert page.get_by_role("status").inner_text() == f"You are logged in as {member.email}."
