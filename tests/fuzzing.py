"""Hostile input for Hypothesis, and what every fuzz test checks of each answer.

The strategies send what has broken web services before: NUL and other control
characters, direction overrides, huge strings, any Unicode, numbers far out of range,
impossible dates. Each example runs in a savepoint that is rolled back (`rolled_back`),
so every one meets the same talk and people. Runs are derandomized (`FUZZ`): CI tries
the same inputs every time, and a failure shows the smallest input that still fails.
"""

import unicodedata
from contextlib import contextmanager

import hypothesis
from django.core.cache import caches
from django.db import transaction
from hypothesis import HealthCheck
from hypothesis import strategies as st

from events.models import Rsvp, Series, Speaker, Talk, Topic, Venue, WalkIn
from notifications.forms import BIDI_CONTROLS
from notifications.models import EmailSettings
from tests.events.test_coordinator_talk_form import NEXT_YEAR
from tests.factories import RsvpFactory, SeriesFactory, SpeakerFactory, TalkFactory, TopicFactory

FUZZ = hypothesis.settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,  # every example is rolled back: see `rolled_back`
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)

# Pieces that have broken web services before: NUL (PostgreSQL refuses it in text),
# line breaks (headers), direction overrides and zero-width marks (names that lie),
# a byte-order mark, combining marks, astral characters, markup and SQL-ish text.
PIECES = [
    "\x00",
    "\r\n",
    "\n",
    "\x07",
    "\x1b[31m",
    "\x7f",
    "\x85",
    "\u2028",
    "\u202e",
    "\u2066",
    "\u061c",
    "\u200b",
    "\ufeff",
    "e\u0301",
    "\U0001f600",
    "\u0663",
    "<script>",
    "'; --",
    "%00",
    "{{ 1 }}",
    " ",
]
HUGE = ["x" * 20_000, "\u202e" * 2_000, "9" * 2_000]
ANY_TEXT = st.characters(exclude_categories=["Cs"])  # lone surrogates cannot be sent


def hostile_text(max_size: int = 200) -> st.SearchStrategy[str]:
    return st.one_of(
        st.text(ANY_TEXT, max_size=max_size),
        st.lists(st.sampled_from(PIECES) | st.text(ANY_TEXT, max_size=4), max_size=8).map("".join),
        st.sampled_from(HUGE),
    )


def hostile_number() -> st.SearchStrategy[str]:
    return st.one_of(
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
        st.sampled_from(["0", "-1", "2147483648", "32768", "1e9", "NaN", "Infinity", "-0", "٣"]),
        hostile_text(20),
    )


def hostile_moment() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(
            [
                f"{NEXT_YEAR}-02-30T10:00",
                f"{NEXT_YEAR}-13-01T10:00",
                f"{NEXT_YEAR}-03-08T02:30",  # the clocks skip it in Denver
                "9999-12-31T23:59",
                "0001-01-01T00:00",
                "0000-00-00T00:00",
                f"{NEXT_YEAR}-11-10T18:30:99",
                f"{NEXT_YEAR}-11-10T18:30+05:00",
                f"{NEXT_YEAR}-11-10",
            ]
        ),
        st.datetimes().map(lambda moment: moment.isoformat(timespec="minutes")),
        hostile_text(40),
    )


def hostile_email() -> st.SearchStrategy[str]:
    return st.one_of(st.emails(), hostile_text(300))


def hostile_flag() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(["on", "", "false", "0", "off"]), hostile_text(10))


def hostile_fields(base: dict | None = None, **fields) -> st.SearchStrategy[dict]:
    """A form's fields: `base` (a valid form, or nothing) with any of `fields` made hostile.
    Starting from a valid form, one hostile field is often all that is wrong, so such
    input is saved and its stored form checked."""
    return st.fixed_dictionaries({}, optional=fields).map(
        lambda hostile: {**(base or {}), **hostile}
    )


@contextmanager
def rolled_back():
    """One example: fresh rate limits, and nothing it stores outlives it."""
    with transaction.atomic():
        caches["default"].clear()
        yield
        transaction.set_rollback(True)


def is_plain_line(text: str) -> bool:
    return not any(
        character in BIDI_CONTROLS or unicodedata.category(character) == "Cc" for character in text
    )


def stored_lines_not_plain() -> list[str]:
    """Every stored name and title that is not one plain line."""
    lines = [
        *Rsvp.objects.values_list("name", flat=True),
        *Rsvp.objects.values_list("heard_about", flat=True),
        *WalkIn.objects.values_list("name", flat=True),
        *Talk.objects.values_list("title", flat=True),
        *Talk.objects.values_list("summary", flat=True),
        *EmailSettings.objects.values_list("discreet_sender_name", flat=True),
        *Venue.objects.values_list("name", flat=True),
        *Speaker.objects.values_list("name", flat=True),
        *Speaker.objects.values_list("pronouns", flat=True),
        *Topic.objects.values_list("name", flat=True),
        *Series.objects.values_list("title", flat=True),
    ]
    return [line for line in lines if not is_plain_line(line)]


def answered(response) -> int:
    assert response.status_code < 500
    assert stored_lines_not_plain() == []
    return response.status_code


def talk_asking_everything() -> Talk:
    """A talk that asks every question an RSVP can answer, with Robin coming."""
    talk = TalkFactory(
        topics=[TopicFactory(slug="depression")],
        series=SeriesFactory(),
        speakers=[SpeakerFactory()],
        max_companions=2,
        ask_accessibility_needs=True,
        ask_heard_about=True,
    )
    RsvpFactory(talk=talk, name="Robin")
    return talk
