"""Emails that are not discreet are signed with the organisation's name and end with the
crisis-line notice; discreet ones keep their neutral sender and show none of it."""

import pytest

from events import services
from tests.conftest import parsed
from tests.events.test_email_calendar import every_email_kind
from tests.events.test_email_discreet import everything_shown

ORGANISATION = "Larimer Wellness Collective"
NOTICE = "Colorado Crisis Line: 844-493-8255, any hour."

pytestmark = pytest.mark.django_db


@pytest.fixture
def branded():
    services.branding_change(
        organisation_name=ORGANISATION,
        logo="",
        accent_colour="",
        about="A clinic.",
        contact_email="hello@larimer.example",
        crisis_notice=NOTICE,
        crisis_notice_everywhere=True,
    )


def html_of(message) -> str:
    return parsed(message).get_body(preferencelist=("html",)).get_content()


def text_of(message) -> str:
    return parsed(message).get_body(preferencelist=("plain",)).get_content()


def test_every_plain_email_is_from_the_organisation_and_ends_with_the_notice(branded, settings):
    settings.DEFAULT_FROM_EMAIL = "Community Talks <talks@example.org>"

    emails = every_email_kind(discreet=False)

    assert {parsed(message)["From"] for _kind, message in emails} == {
        f"{ORGANISATION} <talks@example.org>"
    }
    assert [kind for kind, message in emails if NOTICE not in text_of(message)] == []
    assert [kind for kind, message in emails if NOTICE not in html_of(message)] == []


def test_no_discreet_email_names_the_organisation_or_its_crisis_line(branded, settings):
    settings.DEFAULT_FROM_EMAIL = "Community Talks <talks@example.org>"

    emails = every_email_kind(discreet=True)

    assert {parsed(message)["From"] for _kind, message in emails} == {"Events <talks@example.org>"}
    leaks = [
        (kind, word)
        for kind, message in emails
        for word in (ORGANISATION, "Larimer", "844-493-8255")
        if word.lower() in everything_shown(message).lower()
    ]
    assert leaks == []


def test_a_notice_not_switched_on_stays_out_of_emails(settings):
    services.branding_change(
        organisation_name=ORGANISATION,
        logo="",
        accent_colour="",
        about="",
        contact_email="",
        crisis_notice=NOTICE,
        crisis_notice_everywhere=False,
    )

    emails = every_email_kind(discreet=False)

    assert [kind for kind, message in emails if NOTICE in everything_shown(message)] == []
