"""An online talk's time also shows on the visitor's own clock (static/js/local-time.js),
only when that clock shows another time; the page's CSP still refuses nothing."""

from datetime import UTC, datetime

import pytest

from tests.factories import TalkFactory

pytestmark = pytest.mark.browser
START = datetime(2031, 3, 12, 17, 30, tzinfo=UTC)  # 11:30 in Denver, 18:30 in Madrid


def local_notes(browser, url, timezone_id):
    context = browser.new_context(timezone_id=timezone_id)
    page = context.new_page()
    refusals = []
    page.on(
        "console",
        lambda m: refusals.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.goto(url)
    page.wait_for_load_state("load")
    notes = page.locator(".local-time").all_inner_texts()
    context.close()
    assert refusals == []
    return notes


def test_an_online_talk_shows_the_visitors_own_time_on_its_page_and_card(browser, live_server):
    talk = TalkFactory(
        venue=None, online_url="https://meet.example.org/r", time_zone="America/Denver", start=START
    )

    on_page = local_notes(browser, live_server.url + talk.get_absolute_url(), "Europe/Madrid")
    on_card = local_notes(browser, live_server.url + "/", "Asia/Tokyo")

    assert on_page == ["(18:30 in your time zone, Europe/Madrid)"]
    assert on_card == ["(Thu, Mar 13, 02:30 in your time zone, Asia/Tokyo)"]  # the next day there


def test_no_second_time_when_the_visitors_clock_shows_the_same(browser, live_server):
    talk = TalkFactory(
        venue=None, online_url="https://meet.example.org/r", time_zone="America/Denver", start=START
    )

    same_zone = local_notes(browser, live_server.url + talk.get_absolute_url(), "America/Denver")
    same_clock = local_notes(browser, live_server.url + "/", "America/Edmonton")

    assert same_zone == []
    assert same_clock == []


def test_an_in_person_talk_shows_only_its_own_time(browser, live_server):
    talk = TalkFactory(online_url="", time_zone="America/Denver", start=START)

    assert local_notes(browser, live_server.url + talk.get_absolute_url(), "Europe/Madrid") == []
