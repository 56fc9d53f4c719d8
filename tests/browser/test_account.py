import pytest

from tests.browser.test_accessibility import log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.browser


def test_member_changes_their_name_on_the_account_page_by_keyboard(page, live_server):
    member = UserFactory(first_name="Robin")
    log_in(page, live_server, member)

    page.get_by_role("link", name="Account").click()
    page.get_by_label("Your name").fill("Robin Q.")
    page.keyboard.press("Enter")

    page.wait_for_url(f"{live_server.url}/me/")
    assert page.get_by_role("status").inner_text() == "Your name is saved."
    assert page.get_by_label("Your name").input_value() == "Robin Q."
    member.refresh_from_db()
    assert member.first_name == "Robin Q."


def test_a_refused_name_is_explained_under_the_field(page, live_server):
    member = UserFactory(first_name="Robin")
    log_in(page, live_server, member)
    page.goto(f"{live_server.url}/me/")

    page.get_by_label("Your name").fill("<Robin>")
    page.get_by_role("button", name="Save my name").click()

    name = page.get_by_label("Your name")
    assert name.get_attribute("aria-invalid") == "true"
    assert (
        page.locator("#id_name_error").inner_text()
        == "Please use plain text: no < or > characters."
    )
    assert "id_name_error" in name.get_attribute("aria-describedby").split()
    member.refresh_from_db()
    assert member.first_name == "Robin"
