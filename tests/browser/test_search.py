import pytest

from tests.factories import SpeakerFactory, TalkFactory, TopicFactory

pytestmark = pytest.mark.browser


def test_a_keyword_typed_on_the_home_page_finds_talks_by_title_and_speaker(page, live_server):
    TalkFactory(title="Sleep and ketamine", summary="Rest.", description="Rest.")
    TalkFactory(title="Meet the nurses", speakers=[SpeakerFactory(name="Dr. Lena Sleep")])
    TalkFactory(title="Other things", topics=[TopicFactory(name="Veterans")])
    TalkFactory(title="Sleep draft", status="draft")

    page.goto(live_server.url + "/")
    page.get_by_role("searchbox", name="Search talks").fill("sleep")
    page.get_by_role("searchbox", name="Search talks").press("Enter")

    page.wait_for_url(live_server.url + "/search/?q=sleep")
    results = page.get_by_role("region", name="Talks about “sleep”")
    assert results.get_by_role("heading", level=3).all_inner_texts() == [
        "Sleep and ketamine",
        "Meet the nurses",
    ]
    assert page.title() == "Talks about “sleep” · Community Talks"
    assert page.get_by_role("searchbox", name="Search talks").input_value() == "sleep"


def test_a_search_that_finds_nothing_says_what_to_do_next(page, live_server):
    page.goto(live_server.url + "/search/")
    page.get_by_role("searchbox", name="Search talks").fill("zebra")
    page.get_by_role("button", name="Search").click()

    page.wait_for_url(live_server.url + "/search/?q=zebra")
    assert page.get_by_text("No talks match “zebra”.").is_visible()
    page.get_by_role("link", name="Browse all upcoming talks").click()
    page.wait_for_url(live_server.url + "/")
