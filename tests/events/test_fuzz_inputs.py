"""Whatever a person types into a form or puts in a query string or a URL, the service
answers below 500 and stores only plain text where it stores a name (tests/fuzzing.py)."""

import pytest
from django.utils import timezone
from hypothesis import example, given
from hypothesis import strategies as st

from events import tokens
from events.paging import page_number
from notifications.selectors import preference_stored
from tests.events.test_coordinator_talk_form import NEXT_YEAR
from tests.factories import PASSWORD, UserFactory
from tests.fuzzing import (
    FUZZ,
    answered,
    hostile_email,
    hostile_fields,
    hostile_flag,
    hostile_number,
    hostile_text,
    rolled_back,
    talk_asking_everything,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def talk(db):
    return talk_asking_everything()


@pytest.fixture
def member_client(client, db):
    client.force_login(UserFactory())
    return client


@pytest.fixture
def superuser_client(client, db):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    """Every example is one more RSVP from the same client: no limit may answer first."""
    settings.EVENTS_GUEST_RSVPS_PER_IP_PER_HOUR = 10**6
    settings.EVENTS_GUEST_RSVPS_PER_ADDRESS_PER_DAY = 10**6


RSVP_FIELDS = {
    "name": hostile_text(),
    "companions": hostile_number(),
    "accessibility_needs": hostile_text(2000),
    "heard_about": hostile_text(),
    "discreet_emails": hostile_flag(),
}
RSVP = {"name": "Sam", "email": "sam@example.org", "companions": "1"}


@FUZZ
@given(data=hostile_fields(RSVP, email=hostile_email(), **RSVP_FIELDS))
@example(data={**RSVP, "name": "\u202eSam\x00\r\nSmith", "heard_about": "\x1b[31mradio"})
@example(data={**RSVP, "email": "sam\x00@example.org"})
@example(data={**RSVP, "email": "s@" + "e" * 300 + ".org", "companions": "9" * 40})
def test_a_guest_rsvp_answers_any_input_below_500(client, talk, data):
    with rolled_back():
        answered(client.post(f"/talks/{talk.slug}/rsvp/", data))


@FUZZ
@given(data=hostile_fields(RSVP, **RSVP_FIELDS))
@example(data={**RSVP, "name": "\u2066Sam\u2069\x07"})
def test_a_member_rsvp_answers_any_input_below_500(member_client, talk, data):
    with rolled_back():
        answered(member_client.post(f"/talks/{talk.slug}/rsvp/", data))


@FUZZ
@given(
    path=st.sampled_from(["/", "/talks/past/", "/search/", "/topics/depression/"]),
    query=hostile_fields(
        q=hostile_text(),
        topic=hostile_text() | st.just("depression"),
        format=hostile_text() | st.sampled_from(["online", "in_person"]),
        month=hostile_text(20) | st.sampled_from(["9999-12", "0000-01", f"{NEXT_YEAR}-13"]),
        page=hostile_number(),
    ),
)
@example(path="/", query={"topic": "\x00", "month": "\x00", "format": "\x00", "page": "\x00"})
@example(path="/talks/past/", query={"month": "9999-12", "page": "9" * 40})
@example(path="/search/", query={"q": "\x00"})
@example(path="/search/", query={"q": "x" * 10_000})
@example(path="/search/", query={"q": "'\"!():*&|<-> -- OR"})
def test_the_talk_filters_answer_any_query_below_500(client, talk, path, query):
    """A list page answers; a page past the last is not found (there is one talk)."""
    past_the_last = page_number(query.get("page")) > 1
    with rolled_back():
        assert answered(client.get(path, query)) in ({200, 404} if past_the_last else {200})


PREFERENCE_FIELDS = {
    name: hostile_flag()
    for name in ("reminders", "announcements", "clinic_contact", "discreet", "List-Unsubscribe")
}


@FUZZ
@given(
    page=st.sampled_from(["preferences", "unsubscribe"]),
    data=hostile_fields(**PREFERENCE_FIELDS),
)
@example(page="unsubscribe", data={"List-Unsubscribe": "One-Click\x00"})
def test_email_preferences_answer_any_input_below_500(client, db, page, data):
    token = preference_stored("guest@example.org").token
    with rolled_back():
        answered(client.post(f"/email/{page}/{token}/", data))


@FUZZ
@given(
    data=hostile_fields(
        **{name: hostile_flag() for name in ("alarms", "discreet_titles", "rotate")}
    )
)
@example(data={"alarms": "\x00", "rotate": "\x00"})
def test_calendar_feed_settings_answer_any_input_below_500(member_client, client, talk, data):
    robin = talk.rsvps.get(name="Robin")
    manage = tokens.rsvp_token(rsvp_id=robin.pk, purpose=tokens.MANAGE)
    with rolled_back():
        answered(member_client.post("/me/calendar/", data))
        answered(client.post(f"/rsvp/{manage}/calendar/", data))


@FUZZ
@given(
    data=hostile_fields(
        {"confirm": "on", "password": PASSWORD, "email": "robin@example.org"},
        confirm=hostile_flag(),
        password=hostile_text(40),
        email=hostile_email(),
    ),
    query=hostile_fields(format=hostile_text(10) | st.just("json")),
)
@example(data={"confirm": "\x00", "password": "\x00", "email": "\x00"}, query={"format": "\x00"})
def test_the_data_pages_answer_any_input_below_500(client, talk, data, query):
    robin = talk.rsvps.get(name="Robin")
    with rolled_back():
        member = UserFactory()
        link = tokens.data_link_issue(email=robin.email, now=timezone.now())
        answered(client.get(f"/data/{link}/", query))
        answered(client.post(f"/data/{link}/", data))
        answered(client.post("/data/", data))
        client.force_login(member)
        answered(client.get("/me/data/", query))
        answered(client.post("/me/data/", data))


@FUZZ
@given(data=hostile_fields({"companions": "1"}, companions=hostile_number()))
@example(data={"companions": "\x00"})
@example(data={"companions": "9" * 40})
@example(data={"companions": "-1"})
def test_a_party_size_change_answers_any_input_below_500(client, talk, data):
    """From the guest's link and from the member's own page, whatever the number."""
    robin = talk.rsvps.get(name="Robin")
    manage = tokens.rsvp_token(rsvp_id=robin.pk, purpose=tokens.MANAGE)
    with rolled_back():
        answered(client.post(f"/rsvp/{manage}/party/", data))
        member = UserFactory(email=robin.email)
        client.force_login(member)
        answered(client.post(f"/me/rsvps/{robin.pk}/party/", data))


# Every kind of value a URL carries, as its converter lets it through.
TOKEN = st.from_regex(r"[A-Za-z0-9_\-:.]{1,512}", fullmatch=True)
SLUG = st.from_regex(r"[-a-zA-Z0-9_]{1,300}", fullmatch=True)
ID = st.integers(min_value=0, max_value=10**40).map(str)
URLS = {
    TOKEN: [
        "/rsvp/{}/",
        "/rsvp/{}/confirm/",
        "/check-in/{}/",
        "/rsvp/{}/cancel/",
        "/rsvp/{}/party/",
        "/data/{}/",
        "/calendar/me/{}.ics",
        "/email/preferences/{}/",
        "/email/unsubscribe/{}/",
    ],
    SLUG: [
        "/talks/{}/",
        "/talks/{}.ics",
        "/talks/{}/rsvp/sent/",
        "/topics/{}/",
        "/topics/{}/calendar.ics",
        "/series/{}/",
        "/series/{}/calendar.ics",
    ],
    ID: [
        "/me/rsvps/{}/",
        "/me/rsvps/{}/cancel/",
        "/me/rsvps/{}/party/",
        "/speakers/{}/",
        "/speakers/{}/calendar.ics",
        "/coordinate/talks/{}/",
        "/coordinate/talks/{}/edit/",
        "/coordinate/talks/{}/attendees.csv",
        "/coordinate/talks/{}/walk-ins/",
        "/coordinate/walk-ins/{}/remove/",
        "/admin/events/talk/{}/change/",
    ],
}
PATHS = st.one_of(
    *(
        st.tuples(st.sampled_from(templates), values).map(lambda drawn: drawn[0].format(drawn[1]))
        for values, templates in URLS.items()
    )
)


@FUZZ
@given(path=PATHS, method=st.sampled_from(["get", "post"]))
@example(path="/coordinate/talks/" + "9" * 40 + "/", method="get")
@example(path="/rsvp/" + "." * 512 + "/", method="post")
def test_urls_answer_any_id_slug_or_token_below_500(superuser_client, talk, path, method):
    """As a superuser, whom no permission stops before the lookup."""
    with rolled_back():
        answered(getattr(superuser_client, method)(path))
