"""Whatever a coordinator's form is sent, the service answers below 500 and stores a
talk's title and summary, and the discreet sender name, as plain lines (tests/fuzzing.py)."""

from types import SimpleNamespace

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from events.models import Speaker, Talk, Topic, Venue
from notifications.models import EmailSettings
from tests.events.test_coordinator_talk_form import NEXT_YEAR, talk_data
from tests.fuzzing import (
    FUZZ,
    answered,
    hostile_fields,
    hostile_flag,
    hostile_moment,
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
def coordinator_client(client, coordinator):
    return client


THE_VENUE = "the venue"  # each test puts its venue's id here
TALK = talk_data(SimpleNamespace(pk=THE_VENUE))
TALK_FIELDS = {
    "title": hostile_text(),
    "slug": hostile_text(120),
    "summary": hostile_text(400),
    "description": hostile_text(2000),
    "venue": hostile_number(),
    "online_url": hostile_text(),
    "time_zone": hostile_text(40) | st.just("Pacific/Chatham"),
    "start": hostile_moment(),
    "end": hostile_moment(),
    "capacity": hostile_number(),
    "waitlist_enabled": hostile_flag(),
    "max_companions": hostile_number(),
    "rsvp_opens_at": hostile_moment(),
    "rsvp_closes_at": hostile_moment(),
    "reminder_hours": hostile_text(40) | hostile_number(),
    "topics": hostile_number(),
    "speakers": hostile_number(),
    "series": hostile_number(),
}
EDIT_FIELDS = {
    name: strategy
    for name, strategy in TALK_FIELDS.items()
    if name not in {"start", "end", "capacity"}
}
HOSTILE_TALKS = [
    {"title": "\u202eevil talk\u202c", "summary": "one\r\ntwo\x07"},
    {"capacity": "2147483648", "max_companions": "40000"},
    {"time_zone": "\x00", "venue": "9" * 30, "topics": "9" * 30, "series": "-1"},
    {"reminder_hours": "99999999999999999999999", "rsvp_opens_at": "9999-12-31T23:59"},
]


def with_venue(fields: dict, venue) -> dict:
    return {name: venue.pk if value == THE_VENUE else value for name, value in fields.items()}


@FUZZ
@given(fields=hostile_fields(TALK, **TALK_FIELDS))
@example(fields={**TALK, **HOSTILE_TALKS[0]})
@example(fields={**TALK, **HOSTILE_TALKS[1]})
@example(fields={**TALK, **HOSTILE_TALKS[2]})
@example(fields={**TALK, **HOSTILE_TALKS[3]})
def test_creating_a_talk_answers_any_input_below_500(coordinator_client, talk, fields):
    with rolled_back():
        answered(coordinator_client.post("/coordinate/talks/new/", with_venue(fields, talk.venue)))


@FUZZ
@given(fields=hostile_fields(TALK, **EDIT_FIELDS))
@example(fields={**TALK, **HOSTILE_TALKS[0]})
@example(fields={**TALK, **HOSTILE_TALKS[1]})
@example(fields={**TALK, **HOSTILE_TALKS[2]})
def test_editing_a_talk_answers_any_input_below_500(coordinator_client, talk, fields):
    url = f"/coordinate/talks/{talk.pk}/edit/"
    with rolled_back():
        answered(coordinator_client.post(url, with_venue(fields, talk.venue)))


MOVE = {"start": f"{NEXT_YEAR}-11-10T18:30", "end": f"{NEXT_YEAR}-11-10T20:00"}


@FUZZ
@given(
    action=st.sampled_from(["reschedule", "duplicate"]),
    data=hostile_fields(MOVE, start=hostile_moment(), end=hostile_moment()),
)
@example(action="reschedule", data={"start": f"{NEXT_YEAR}-02-30T10:00", "end": "9999-12-31T23:59"})
@example(action="duplicate", data={"start": "\x00", "end": f"{NEXT_YEAR}-03-08T02:30"})
def test_moving_or_copying_a_talk_answers_any_time_below_500(
    coordinator_client, talk, action, data
):
    with rolled_back():
        answered(coordinator_client.post(f"/coordinate/talks/{talk.pk}/{action}/", data))


@FUZZ
@given(data=hostile_fields({"capacity": "5"}, capacity=hostile_number()))
@example(data={"capacity": "2147483648"})
@example(data={"capacity": "-" + "9" * 40})
def test_changing_capacity_answers_any_number_below_500(coordinator_client, talk, data):
    with rolled_back():
        answered(coordinator_client.post(f"/coordinate/talks/{talk.pk}/capacity/", data))


WORDS = {
    "message": "The speaker is ill.",
    "audience": "confirmed",
    "subject": "Parking",
    "body": "Use the east entrance.",
}


@FUZZ
@given(
    action=st.sampled_from(["cancel", "message"]),
    data=hostile_fields(
        WORDS,
        message=hostile_text(2000),
        audience=hostile_text(20) | st.sampled_from(["waitlisted", "both"]),
        subject=hostile_text(),
        body=hostile_text(6000),
    ),
)
@example(action="message", data={**WORDS, "subject": "Parking\r\nBcc: all@example.org"})
@example(action="cancel", data={**WORDS, "message": "\x00"})
def test_cancelling_or_messaging_answers_any_text_below_500(coordinator_client, talk, action, data):
    with rolled_back():
        answered(coordinator_client.post(f"/coordinate/talks/{talk.pk}/{action}/", data))


@FUZZ
@given(
    data=hostile_fields(
        {"footer": "Thanks for coming.", "discreet_sender_name": "Community talks"},
        footer=hostile_text(2000),
        discreet_by_default=hostile_flag(),
        discreet_sender_name=hostile_text(),
    )
)
@example(data={"footer": "", "discreet_sender_name": "Clinic\nBcc: all@example.org"})
@example(data={"footer": "\x00", "discreet_sender_name": "\u202eClinic"})
def test_email_settings_answer_any_input_below_500(coordinator_client, data):
    with rolled_back():
        answered(coordinator_client.post("/coordinate/email-settings/", data))


@FUZZ
@given(
    query=hostile_fields(q=hostile_text(), page=hostile_number(), past_page=hostile_number()),
    checkin=hostile_fields(q=hostile_text(), action=hostile_text(10) | st.just("undo")),
)
@example(query={"page": "9" * 40, "past_page": "-1"}, checkin={"q": "\x00", "action": "\x00"})
def test_coordinator_lists_and_check_in_answer_any_query_below_500(
    coordinator_client, talk, query, checkin
):
    robin = talk.rsvps.get(name="Robin")
    with rolled_back():
        answered(coordinator_client.get(f"/coordinate/talks/{talk.pk}/check-in/", query))
        answered(coordinator_client.get("/coordinate/", query))
        answered(coordinator_client.post(f"/coordinate/rsvps/{robin.pk}/check-in/", checkin))


@FUZZ
@given(
    data=hostile_fields(
        people=hostile_number() | hostile_text(10), name=hostile_text(), q=hostile_text()
    )
)
@example(data={"people": "20", "name": "\u202eRiver\r\nBcc: all@example.org", "q": "\x00"})
@example(data={"people": "1" * 40, "name": "\x00"})
def test_adding_a_walk_in_answers_any_input_below_500(coordinator_client, talk, data):
    with rolled_back():
        answered(coordinator_client.post(f"/coordinate/talks/{talk.pk}/walk-ins/", data))


def test_a_nul_byte_in_the_check_in_search_is_not_a_500(coordinator_client, talk):
    response = coordinator_client.get(f"/coordinate/talks/{talk.pk}/check-in/", {"q": "\x00"})

    assert response.status_code < 500


# --- What the fuzzing found, each pinned ---------------------------------------------------


def test_a_capacity_beyond_any_room_is_a_form_error_and_changes_nothing(coordinator_client, talk):
    response = coordinator_client.post(
        f"/coordinate/talks/{talk.pk}/capacity/", {"capacity": "2147483648"}
    )

    assert (response.status_code, list(response.context["form"].errors)) == (400, ["capacity"])
    assert Talk.objects.get(pk=talk.pk).capacity == talk.capacity


def test_a_talks_title_and_summary_are_stored_as_plain_lines(coordinator_client, talk):
    fields = {
        **TALK,
        "title": "\u202eevil\u202c talk\r\nBcc: all@example.org",
        "summary": "What\x07 it\u2066 is",
    }

    coordinator_client.post("/coordinate/talks/new/", with_venue(fields, talk.venue))

    assert Talk.objects.filter(slug=TALK["slug"]).values_list("title", "summary").get() == (
        "evil talk Bcc: all@example.org",
        "What it is",
    )


def test_the_discreet_sender_name_is_stored_as_one_plain_line(coordinator_client):
    coordinator_client.post(
        "/coordinate/email-settings/",
        {"footer": "", "discreet_sender_name": "Clinic\r\nBcc: all@example.org\u202e"},
    )

    assert EmailSettings.objects.get().discreet_sender_name == "Clinic Bcc: all@example.org"


# --- The programme: venues, speakers, topics, series; invitations; a message's preview ------

PROGRAMME = {
    "venues": (
        {"name": "Library", "address": "1 Main St"},
        {
            "name": hostile_text(),
            "address": hostile_text(400),
            "accessibility_notes": hostile_text(2000),
            "map_url": hostile_text(),
            "latitude": hostile_number(),
            "longitude": hostile_number(),
        },
    ),
    "speakers": (
        {"name": "Dr. Ada"},
        {"name": hostile_text(), "pronouns": hostile_text(60), "bio": hostile_text(3000)},
    ),
    "topics": ({"name": "PTSD", "slug": ""}, {"name": hostile_text(), "slug": hostile_text(120)}),
    "series": (
        {"title": "Monthly", "slug": ""},
        {"title": hostile_text(), "slug": hostile_text(120), "description": hostile_text(2000)},
    ),
}


@FUZZ
@given(
    kind=st.sampled_from(sorted(PROGRAMME)),
    data=st.data(),
)
@example(kind="venues", data=None)
def test_programme_forms_answer_any_input_below_500(coordinator_client, talk, kind, data):
    valid, strategies = PROGRAMME[kind]
    fields = (
        {"name": "\x00", "address": "\u202e" * 300, "latitude": "9" * 40, "longitude": "-1e999"}
        if data is None
        else data.draw(hostile_fields(valid, **strategies))
    )
    thing = {"venues": lambda: talk.venue}.get(kind, lambda: None)()
    with rolled_back():
        answered(coordinator_client.post(f"/coordinate/{kind}/new/", fields))
        if thing is not None:
            answered(coordinator_client.post(f"/coordinate/{kind}/{thing.pk}/", fields))


@FUZZ
@given(
    data=hostile_fields({"email": "new@example.org"}, email=hostile_text()),
    token=hostile_text(120),
)
@example(data={"email": "a@b\x00.org"}, token="\x00")
@example(data={"email": "x\r\nBcc: all@example.org"}, token="eyJuIjoiIn0:1:x")
def test_invitations_answer_any_address_and_any_link_below_500(coordinator_client, data, token):
    from urllib.parse import quote

    with rolled_back():
        answered(coordinator_client.post("/coordinate/invitations/", data))
        answered(coordinator_client.get(f"/coordinate/join/{quote(token, safe='')}/"))
        answered(coordinator_client.post(f"/coordinate/join/{quote(token, safe='')}/accept/"))


@FUZZ
@given(
    data=hostile_fields(
        {**WORDS, "action": "preview"},
        subject=hostile_text(),
        body=hostile_text(6000),
        action=hostile_text(10) | st.sampled_from(["preview", "test", "send"]),
    )
)
@example(data={**WORDS, "action": "preview", "body": "<script>x</script>\x00"})
@example(data={**WORDS, "action": "test", "body": "[a](javascript:alert(1))" * 300})
def test_a_messages_preview_and_test_answer_any_text_below_500(coordinator_client, talk, data):
    with rolled_back():
        answered(coordinator_client.post(f"/coordinate/talks/{talk.pk}/message/", data))


def test_a_speakers_name_and_pronouns_are_stored_as_plain_lines(coordinator_client):
    coordinator_client.post(
        "/coordinate/speakers/new/",
        {"name": "\u202eDr.\r\nAda\x07", "pronouns": "she/\nher"},
    )

    assert Speaker.objects.values_list("name", "pronouns").get() == ("Dr. Ada", "she/ her")


def test_a_venues_and_a_topics_names_are_stored_as_plain_lines(coordinator_client):
    coordinator_client.post("/coordinate/venues/new/", {"name": "Hall\r\nB\u202e", "address": "x"})
    coordinator_client.post("/coordinate/topics/new/", {"name": "PT\x07SD\n", "slug": ""})

    assert (Venue.objects.get().name, Topic.objects.get().name) == ("Hall B", "PTSD")
