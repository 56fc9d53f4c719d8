"""Regressions for what a first-time coordinator found trying the outreach flows."""

import pytest

from tests.factories import TalkRequestFactory

pytestmark = pytest.mark.django_db


def test_the_dashboard_says_how_many_new_talk_requests_wait_and_links_to_them(
    coordinator_client,
):
    TalkRequestFactory()
    TalkRequestFactory()
    TalkRequestFactory(state="in_discussion")

    page = coordinator_client.get("/coordinate/").content.decode()

    assert (
        '<p class="notice" role="status">2 new talk requests are waiting for a reply. '
        '<a href="/coordinate/requests/?state=new">Talk requests</a></p>'
    ) in page
