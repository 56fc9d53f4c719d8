"""A batch's messages of one kind are built from shared parts: each is the message built
alone (the same bytes but for its Date and boundaries), with its own person in it."""

import re
from pathlib import Path

import hypothesis
import pytest
from django.conf import settings
from django.core.mail.message import forbid_multi_line_headers
from django.template import Context, Template
from hypothesis import strategies as st

from notifications.addresses import normalise_email
from notifications.fanout import Fanout
from notifications.models import OutgoingEmail
from notifications.outbox import QueuedEmail, emails_queue
from notifications.rendering import email_build
from notifications.selectors import email_settings_current, preferences_for
from notifications.skeleton import AssembledEmail, compat32, header_line
from notifications.stencils import stencils_render

pytestmark = pytest.mark.django_db

KINDS = sorted(
    path.name.removesuffix("_subject.txt")
    for path in (Path(settings.BASE_DIR) / "templates" / "emails").glob("*_subject.txt")
)
ICS = (
    "BEGIN:VCALENDAR\r\nMETHOD:PUBLISH\r\nBEGIN:VEVENT\r\nSUMMARY:Café talk\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
)
SHARED = {
    "title": "Ketamine 101",
    "summary": "What it is.",
    "when": "Thursday 3 December 2026, 19:00 to 20:30 (America/Denver)",
    "where": "Library, 1 Main St",
    "date_short": "3 December",
    "talk_url": "https://talks.example.org/talks/ketamine-101/",
    "hours": 2,
    "position": 3,
    "party_size": 2,
    "confirm_within_hours": 24,
    "valid_minutes": 30,
    "message": "The room flooded.",
    "subject": "Parking",
    "body": "Park behind the library.",
    "change_lines": ["It starts at 19:00 now."],
    "discreet_change_lines": ["The time changed."],
    "feedback_url": "https://forms.example.org/ketamine-101",
    "discreet_feedback_url": "",
    "with_calendar": True,
    "is_online": False,
    "online_url": "",
    "accessibility_notes": "Step-free entrance.",
}
PEOPLE = {
    "ana@example.org": "Ana Quintero",
    "zoe@example.org": "Zoë O'Brien & <Co>",
    "mei@example.org": "Mei 林",
}
BOUNDARY = re.compile(rb"={15}\d{19}==")
DATE = re.compile(rb"^Date: .*$", re.MULTILINE)


def personal(address: str, name: str) -> dict:
    slug = address.split("@")[0]
    return {
        "name": name,
        **{
            f"{link}_url": f"https://talks.example.org/{link}/{slug}-token/"
            for link in ("manage", "confirm", "data")
        },
    }


def queue(kind: str, *, people=PEOPLE, discreet=False, language="", **shared) -> None:
    emails_queue(
        messages=[
            QueuedEmail(
                to=address,
                kind=kind,
                context={**SHARED, **shared, **personal(address, name)},
                subject_name="Ketamine 101",
                ics=ICS,
                discreet_ics=ICS.replace("Café talk", "Event"),
                discreet=discreet,
                language=language,
            )
            for address, name in people.items()
        ]
    )


def both_ways() -> list[tuple]:
    """Each row's message from the batch's shared parts, and built alone."""
    rows = list(OutgoingEmail.objects.order_by("pk"))
    preferences, site = preferences_for(row.recipient for row in rows), email_settings_current()
    fanout = Fanout(rows, preferences, site)
    built = []
    for row in rows:
        preference = preferences[normalise_email(row.recipient)]
        built.append((fanout.build(row, preference), email_build(row, preference, site)))
    return built


def flat(message) -> bytes:
    """The message as it leaves, its Date and boundaries (new each time) blanked."""
    data = message.message().as_bytes(linesep="\r\n")
    return DATE.sub(b"Date: -\r", BOUNDARY.sub(b"=boundary=", data))


@pytest.mark.parametrize("language", ["", "es"])
@pytest.mark.parametrize("discreet", [False, True])
@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_to_several_people_is_built_from_shared_parts_as_it_is_built_alone(
    kind, discreet, language
):
    queue(kind, discreet=discreet, language=language)

    built = both_ways()

    assert [(type(shared), shared.skeleton is not None) for shared, _ in built] == [
        (AssembledEmail, True)
    ] * len(PEOPLE)
    assert [flat(shared) for shared, _ in built] == [flat(alone) for _, alone in built]


def test_the_same_attributes_reach_a_backend_as_when_built_alone():
    queue("reminder")

    built = both_ways()

    def seen(message):
        return (
            message.subject,
            message.body,
            message.from_email,
            message.to,
            message.extra_headers,
            message.alternatives,
            message.attachments,
        )

    assert [seen(shared) for shared, _ in built] == [seen(alone) for _, alone in built]


def test_a_body_too_long_for_8bit_leaves_quoted_printable_as_when_built_alone():
    people = {**PEOPLE, "long@example.org": "L" * 1200}
    queue("reminder", people=people)

    built = both_ways()

    assert [flat(shared) for shared, _ in built] == [flat(alone) for _, alone in built]
    long_one = built[-1][0].message()
    assert [part["Content-Transfer-Encoding"] for part in long_one.walk()][2:4] == [
        "quoted-printable",
        "quoted-printable",
    ]


def test_a_kind_sent_to_one_person_only_is_built_alone():
    queue("reminder", people={"ana@example.org": "Ana Quintero"})
    queue("rsvp_link", people={"zoe@example.org": "Zoë"})

    built = both_ways()

    assert [type(shared).__name__ for shared, _ in built] == ["CalendarEmail", "CalendarEmail"]


def render_with(source: str):
    template = Template(source)
    return lambda values: [template.render(Context(values))]


@pytest.mark.parametrize(
    "source",
    [
        "<p>Hello {{ name }},</p> <a href='{{ link }}'>{{ link }}</a>",
        "{% autoescape off %}Hello {{ name }}, {{ link }}{% endautoescape %}",
        "{% if name %}Hello {{ name }}{% endif %}{% with url=link %}{{ url }}{% endwith %}",
    ],
)
def test_a_template_that_prints_personal_values_gives_a_stencil_each_person_fills(source):
    ana = {"name": "Ana <Q> & O'Brien", "link": "https://x.org/a?b=1&c=2"}
    zoe = {"name": "Zoë\nLine", "link": "https://x.org/z"}

    stencils = stencils_render(render_with(source), ana)

    assert [stencil.fill(zoe) for stencil in stencils] == render_with(source)(zoe)
    assert [stencil.fill(ana) for stencil in stencils] == render_with(source)(ana)


@pytest.mark.parametrize(
    "source",
    [
        "{{ name|upper }}",
        "{{ name|truncatechars:4 }}",
        "{{ name|linebreaksbr }}",
        "{{ name|first }}",
        "{{ name|length }}",
        "{{ link|urlize }}",
        "{{ link|urlencode }}",
        "{% if name == 'Ana' %}Hi Ana{% endif %}",
    ],
)
def test_a_template_that_changes_cuts_or_compares_a_personal_value_gets_no_stencil(source):
    ana = {"name": "Ana", "link": "https://x.org/a"}

    assert stencils_render(render_with(source), ana) is None


@hypothesis.settings(max_examples=300, deadline=None, derandomize=True, database=None)
@hypothesis.given(
    name=st.sampled_from(["To", "Subject", "List-Unsubscribe", "Message-ID", "Date"]),
    value=st.text(st.characters(blacklist_characters="\r\n", max_codepoint=0x24F), max_size=140)
    | st.from_regex(r"[!-~]{1,130}( [!-~]{1,40}){0,4}", fullmatch=True),
)
@hypothesis.example("List-Unsubscribe", "<https://talks.example.org/email/unsubscribe/t0k3n/>")
@hypothesis.example("To", "a" * 74)  # the longest that fits on one line
@hypothesis.example("To", "a" * 75)
@hypothesis.example("Message-ID", "<" + "a" * 60 + " b>")
@hypothesis.example("Subject", "Reminder: " + "a" * 90)
def test_a_personal_header_is_written_as_the_generator_writes_it(name, value):
    try:
        stored = forbid_multi_line_headers(name, value, "utf-8")
    except ValueError:  # an address Django cannot parse: both ways refuse it
        return

    assert header_line(name, value, "utf-8") == compat32.fold_binary(*stored)
