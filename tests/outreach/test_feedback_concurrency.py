"""A feedback link is spent once, even by simultaneous posts: real requests on PostgreSQL."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from outreach.models import FeedbackResponse, FeedbackToken
from outreach.services import feedback
from tests.conftest import run_together
from tests.factories import TalkFactory
from tests.outreach.conftest import path_of

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CONCURRENT = 10


@pytest.fixture
def slow_response_inserts():
    """Each response takes 50 ms to insert (a trigger sleeps): a post that read the token
    before another spent it has all that time to do the same, were it not locked."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION slow_feedback() RETURNS trigger AS $$ BEGIN "
            "PERFORM pg_sleep(0.05); RETURN NEW; END $$ LANGUAGE plpgsql;"
            "CREATE TRIGGER slow_feedback BEFORE INSERT ON outreach_feedbackresponse "
            "FOR EACH ROW EXECUTE FUNCTION slow_feedback();"
        )
    yield
    with connection.cursor() as cursor:
        cursor.execute(
            "DROP TRIGGER slow_feedback ON outreach_feedbackresponse;DROP FUNCTION slow_feedback();"
        )


@pytest.mark.usefixtures("slow_response_inserts")
def test_simultaneous_posts_with_one_link_store_exactly_one_response():
    talk = TalkFactory(start=timezone.now() - timedelta(days=1))
    (url,) = feedback.feedback_links_issue(talk=talk, count=1)
    data = {"clarity": "4", "usefulness": "4"}
    for item in feedback.feedback_items_for(talk=talk):
        data |= {f"before_{item.pk}": "3", f"now_{item.pk}": "4"}

    answers = run_together([lambda: Client().post(path_of(url), data)] * CONCURRENT)

    assert sorted(a.status_code for a in answers) == [302] + [404] * (CONCURRENT - 1)
    assert FeedbackResponse.objects.filter(talk=talk).count() == 1
    assert FeedbackToken.objects.count() == 0
