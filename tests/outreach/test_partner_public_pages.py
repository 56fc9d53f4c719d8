"""The public partners page, a partner's page and its feed: active partners only, their
talks, subscribe links, a feed every calendar parser reads, and query counts that do not
grow with the number of partners or talks."""

from datetime import timedelta

import pytest
from django.utils import timezone

from outreach.services.partners import partner_create
from tests.events.test_feeds import PARSERS, expected
from tests.factories import PartnerFactory, TalkFactory, TopicFactory

pytestmark = pytest.mark.django_db


def soon(days: int) -> dict:
    start = (timezone.now() + timedelta(days=days)).replace(second=0, microsecond=0)
    return {"start": start, "end": start + timedelta(minutes=90)}


def test_the_partners_page_lists_active_partners_with_their_upcoming_talks(client):
    first, later = TalkFactory(title="First", **soon(2)), TalkFactory(title="Later", **soon(9))
    past = TalkFactory(title="Past", **soon(-5))
    PartnerFactory(
        name="Library", website="https://library.example.org/", cohosts=[later, first, past]
    )
    PartnerFactory(name="Allies", cohosts=[])
    PartnerFactory(name="Hidden", active=False, cohosts=[first])

    response = client.get("/partners/")
    page = response.content.decode()

    shown = [(p.name, [t.title for t in talks]) for p, talks in response.context["partners"]]
    assert shown == [("Allies", []), ("Library", ["First", "Later"])]
    assert (
        '<a href="https://library.example.org/" rel="noopener">Library\u2019s website</a>' in page
    )
    assert "No upcoming talks with this partner yet." in page
    assert "Hidden" not in page


def test_a_partners_page_shows_its_upcoming_and_past_talks_and_its_feed(client):
    partner = PartnerFactory(name="Library", slug="library", description="Books and talks.")
    upcoming = TalkFactory(title="Upcoming", **soon(3))
    past = TalkFactory(title="Gone", **soon(-3))
    TalkFactory(title="Not theirs", **soon(4))
    partner.talks.add(upcoming, past)

    response = client.get("/partners/library/")
    page = response.content.decode()

    assert [t.title for t in response.context["page"].object_list] == ["Upcoming"]
    assert [t.title for t in response.context["past"]] == ["Gone"]
    assert "Books and talks." in page
    assert 'href="webcal://testserver/partners/library/calendar.ics"' in page
    assert "Not theirs" not in page


def test_a_hidden_or_unknown_partner_has_no_page_and_no_feed(client):
    PartnerFactory(slug="hidden", active=False)

    answers = [
        client.get(path).status_code
        for path in (
            "/partners/hidden/",
            "/partners/hidden/calendar.ics",
            "/partners/nobody/",
            "/partners/nobody/calendar.ics",
        )
    ]

    assert answers == [404, 404, 404, 404]


@pytest.mark.parametrize("parser", PARSERS, ids=lambda p: p.__name__)
def test_a_partners_feed_parses_and_carries_exactly_its_talks(client, parser):
    talks = [
        TalkFactory(title='Ketamine, "therapy"; Q&A', topics=[TopicFactory()], **soon(2)),
        TalkFactory(status="cancelled", sequence=2, **soon(5)),
        TalkFactory(venue=None, online_url="https://meet.example.org/room", **soon(8)),
    ]
    TalkFactory(**soon(3))  # not theirs
    draft = TalkFactory(status="draft", **soon(4))
    PartnerFactory(slug="library", cohosts=[*talks, draft])

    response = client.get("/partners/library/calendar.ics")

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert parser(response.content.decode()) == expected(talks)


def test_a_partners_feed_answers_304_when_nothing_changed_and_200_after_a_change(client):
    partner = PartnerFactory(slug="library", cohosts=[TalkFactory()])
    first = client.get("/partners/library/calendar.ics")

    unchanged = client.get("/partners/library/calendar.ics", HTTP_IF_NONE_MATCH=first["ETag"])
    partner.talks.add(TalkFactory())  # the factory raises the schedule's version
    changed = client.get("/partners/library/calendar.ics", HTTP_IF_NONE_MATCH=first["ETag"])

    assert (unchanged.status_code, changed.status_code) == (304, 200)
    assert changed.content.count(b"BEGIN:VEVENT") == 2


def test_a_new_partner_shows_on_the_kept_partners_page_at_once(client):
    client.get("/partners/")

    partner_create(name="Newcomers", slug="newcomers")

    assert "Newcomers" in client.get("/partners/").content.decode()


@pytest.mark.parametrize("partners", [2, 12])
def test_the_partners_page_query_count_does_not_grow(client, django_assert_num_queries, partners):
    for _ in range(partners):
        PartnerFactory(cohosts=TalkFactory.create_batch(2, topics=[TopicFactory()]))

    # the longest talk's length, the page's partners, their upcoming talks, when the
    # next talk ends
    with django_assert_num_queries(4):
        first = client.get("/partners/")
    with django_assert_num_queries(0):  # kept, and current
        client.get("/partners/")

    assert [len(talks) for _partner, talks in first.context["partners"]] == [2] * partners


@pytest.mark.parametrize("talks", [2, 25])
def test_a_partners_page_query_count_does_not_grow(client, django_assert_num_queries, talks):
    partner = PartnerFactory(slug="library")
    for n in range(talks):
        partner.talks.add(TalkFactory(topics=[TopicFactory()], **soon(n + 1)))
        partner.talks.add(TalkFactory(topics=[TopicFactory()], **soon(-n - 1)))

    # the partner, the longest talk's length, the upcoming page and its topics, the past
    # talks and their topics, when the next talk ends
    with django_assert_num_queries(7):
        first = client.get("/partners/library/")
    with django_assert_num_queries(0):
        client.get("/partners/library/")

    assert len(first.context["page"].object_list) == min(talks, 20)
    assert len(first.context["past"]) == min(talks, 5)


@pytest.mark.parametrize("talks", [3, 30])
def test_a_partners_feed_query_count_does_not_grow(client, django_assert_num_queries, talks):
    PartnerFactory(slug="library", cohosts=[TalkFactory(**soon(n + 1)) for n in range(talks)])

    # the partner, the validators (2), the rows, their topics, their co-hosts, the build (2)
    with django_assert_num_queries(8):
        cold = client.get("/partners/library/calendar.ics")
    with django_assert_num_queries(1):  # the partner; validators and document kept
        warm = client.get("/partners/library/calendar.ics")

    assert cold.content.count(b"BEGIN:VEVENT") == talks
    assert warm.content == cold.content
