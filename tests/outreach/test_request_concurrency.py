"""Two coordinators press "schedule" on one request at the same moment: real concurrent
requests on PostgreSQL make one talk, and the second is told the request is closed."""

import pytest
from django.db import connection
from django.test import Client

from events.models import Talk
from outreach.models import TalkRequest
from tests.conftest import run_together
from tests.events.test_coordinator_talk_form import talk_data
from tests.factories import CoordinatorFactory, TalkRequestFactory, VenueFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
COORDINATORS = 4


@pytest.fixture
def slow_talk_inserts():
    """Each new talk row takes 300 ms to insert (a trigger sleeps): both coordinators see
    the request open unless its lock makes the second wait for the first."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION slow_talk_insert() RETURNS trigger AS $$ BEGIN "
            "PERFORM pg_sleep(0.3); RETURN NEW; END $$ LANGUAGE plpgsql;"
            "CREATE TRIGGER slow_talk_insert BEFORE INSERT ON events_talk "
            "FOR EACH ROW EXECUTE FUNCTION slow_talk_insert();"
        )
    yield
    with connection.cursor() as cursor:
        cursor.execute(
            "DROP TRIGGER slow_talk_insert ON events_talk; DROP FUNCTION slow_talk_insert();"
        )


def schedule_as(coordinator, talk_request, venue, number):
    def post():
        client = Client()
        client.force_login(coordinator)
        data = talk_data(venue, slug=f"requested-{number}", time_zone="America/Denver")
        return client.post(f"/coordinate/requests/{talk_request.pk}/schedule/", data).status_code

    return post


@pytest.mark.usefixtures("slow_talk_inserts")
def test_concurrent_schedules_of_one_request_make_exactly_one_talk():
    talk_request = TalkRequestFactory()
    venue = VenueFactory()
    coordinators = CoordinatorFactory.create_batch(COORDINATORS)

    statuses = run_together(
        [schedule_as(c, talk_request, venue, n) for n, c in enumerate(coordinators)]
    )

    talk_request.refresh_from_db()
    assert sorted(statuses) == [302] + [400] * (COORDINATORS - 1)
    assert Talk.objects.count() == 1
    assert (talk_request.state, talk_request.talk) == ("scheduled", Talk.objects.get())
    assert list(talk_request.changes.values_list("action", flat=True)) == ["scheduled"]
    assert TalkRequest.objects.count() == 1
