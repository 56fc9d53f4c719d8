"""TALK_REQUEST_RETENTION_DAYS after a request is closed, its contact's name and email
are blanked (with the emails sent to them); the organisation and outcome stay."""

from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings as django_settings

from notifications.models import OutgoingEmail
from outreach.models import TalkRequest
from outreach.services.requests import talk_request_decline, talk_requests_forget_contacts
from outreach.tasks import forget_talk_request_contacts
from tests.config.test_settings import start_django
from tests.factories import CoordinatorFactory, TalkRequestFactory

CLOSED = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)
PAST_RETENTION = CLOSED + timedelta(days=365, minutes=1)


def contacts():
    return sorted(
        TalkRequest.objects.values_list("organisation", "state", "contact_name", "contact_email")
    )


@pytest.mark.django_db
def test_requests_closed_past_the_retention_lose_their_contact_and_keep_the_rest():
    declined = TalkRequestFactory(
        organisation="Old Declined", contact_name="Ann", contact_email="ann@x.org"
    )
    talk_request_decline(talk_request=declined, by=CoordinatorFactory(), message="No", now=CLOSED)
    TalkRequestFactory(
        organisation="Old Scheduled",
        state="scheduled",
        closed_at=CLOSED,
        contact_name="Bo",
        contact_email="bo@x.org",
    )
    TalkRequestFactory(
        organisation="Recent",
        state="declined",
        closed_at=CLOSED + timedelta(days=2),
        contact_name="Cy",
        contact_email="cy@x.org",
    )
    TalkRequestFactory(
        organisation="Still open",
        created_at=CLOSED - timedelta(days=900),
        contact_name="Di",
        contact_email="di@x.org",
    )

    forgotten = talk_requests_forget_contacts(now=PAST_RETENTION)

    assert forgotten == 2
    assert contacts() == [
        ("Old Declined", "declined", "", ""),
        ("Old Scheduled", "scheduled", "", ""),
        ("Recent", "declined", "Cy", "cy@x.org"),
        ("Still open", "new", "Di", "di@x.org"),
    ]
    assert OutgoingEmail.objects.filter(recipient="ann@x.org").count() == 0
    assert list(declined.changes.values_list("action", flat=True)) == [
        "declined",
        "contact_forgotten",
    ]
    assert talk_requests_forget_contacts(now=PAST_RETENTION) == 0


@pytest.mark.django_db
def test_a_shorter_retention_setting_forgets_sooner(settings):
    settings.TALK_REQUEST_RETENTION_DAYS = 30
    TalkRequestFactory(state="declined", closed_at=CLOSED)

    assert talk_requests_forget_contacts(now=CLOSED + timedelta(days=29)) == 0
    assert talk_requests_forget_contacts(now=CLOSED + timedelta(days=31)) == 1


@pytest.mark.django_db
def test_the_nightly_task_runs_the_service():
    TalkRequestFactory(state="declined", closed_at=datetime(2000, 1, 1, tzinfo=UTC))

    assert forget_talk_request_contacts.apply().get() == 1
    assert TalkRequest.objects.get().contact_email == ""


def test_beat_runs_the_task_nightly():
    job = django_settings.CELERY_BEAT_SCHEDULE["outreach-forget-talk-request-contacts"]

    assert job["task"] == "outreach.forget_talk_request_contacts"
    assert (job["schedule"].hour, job["schedule"].minute) == ({3}, {45})


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0", "TALK_REQUEST_RETENTION_DAYS must be at least 1 (days)."),
        ("a year", "TALK_REQUEST_RETENTION_DAYS must be a whole number, not 'a year'."),
    ],
)
def test_a_bad_retention_setting_stops_the_start_naming_the_variable(value, message):
    result = start_django(TALK_REQUEST_RETENTION_DAYS=value)

    assert result.returncode != 0
    assert message in result.stderr
