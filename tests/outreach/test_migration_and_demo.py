"""The outreach migration applies to a database full of seed_demo data, gives a new site
its site-wide attitude items, and the demo feedback lands on the past talks."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db.models import Avg, F

from events.demo import demo_seed
from outreach.demo import feedback_seed
from outreach.models import FeedbackAnswer, FeedbackItem, FeedbackResponse, Question

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_the_migration_applies_to_seeded_data_and_the_demo_feedback_follows():
    Group.objects.get_or_create(name=settings.COORDINATORS_GROUP)  # flushed by earlier tests
    call_command("migrate", "outreach", "zero", verbosity=0)
    demo_seed(talks=30, rsvps_per_talk=3)  # three in the past

    call_command("migrate", "outreach", verbosity=0)
    made = feedback_seed()
    again = feedback_seed()

    shift = FeedbackAnswer.objects.aggregate(shift=Avg(F("now") - F("before")))["shift"]
    assert FeedbackItem.objects.filter(series=None, retired_on=None).count() == 3
    assert made > 0
    assert again == 0
    assert FeedbackResponse.objects.count() == made
    assert FeedbackAnswer.objects.count() == 3 * made
    assert 0.3 < shift < 1.5  # mostly positive shifts
    assert Question.objects.exists()
