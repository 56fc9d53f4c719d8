"""outreach 0001 (talk requests) applies to a database full of the last main's
`seed_demo` data, and the demo requests and a schedule from one work on it."""

import json

import pytest

from tests.config.test_migrations import ROOT, git, migrate_with_ours, run

pytestmark = pytest.mark.postgres
# main before talk requests: its seeded data is what the migration meets.
BEFORE_TALK_REQUESTS = "22fd575352b6b398a2d0844f8b74c92e493537a6"

SEED = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("seed_demo", talks=6, rsvps_per_talk=2, verbosity=0)
"""

AFTER_MIGRATING = """
import json, django
django.setup()
from django.core.management import call_command
from django.contrib.auth import get_user_model
from events.models import Talk
from outreach.models import TalkRequest
from outreach.services.requests import talk_request_schedule
call_command("seed_outreach_demo", verbosity=0)
call_command("seed_outreach_demo", verbosity=0)
seeded = Talk.objects.filter(status="published").first()
coordinator = get_user_model().objects.get(email="coordinator@example.org")
new = TalkRequest.objects.filter(state="new").order_by("pk").first()
talk = talk_request_schedule(
    talk_request=new, by=coordinator, topics=list(seeded.topics.all()),
    title="From a request", slug="from-a-request", summary="A requested talk.",
    venue=seeded.venue, time_zone=seeded.time_zone, start=seeded.start, end=seeded.end,
)
print(json.dumps({
    "talks": Talk.objects.count(),
    "states": sorted(TalkRequest.objects.values_list("state", flat=True)),
    "linked": TalkRequest.objects.get(talk=talk).pk == new.pk,
}))
"""


@pytest.fixture
def before_talk_requests(tmp_path):
    tree = tmp_path / "before-talk-requests"
    git("worktree", "add", "--detach", str(tree), BEFORE_TALK_REQUESTS)
    yield tree
    git("worktree", "remove", "--force", str(tree))


def test_talk_requests_migration_applies_to_seeded_data_and_works_on_it(
    before_talk_requests, scratch_database
):
    run(SEED, tree=before_talk_requests, database_url=scratch_database)

    migrate_with_ours(scratch_database)
    printed = run(AFTER_MIGRATING, tree=ROOT, database_url=scratch_database)
    result = json.loads(printed.splitlines()[-1])

    assert result == {
        "talks": 7,
        "states": ["declined", "in_discussion", "new", "scheduled"],
        "linked": True,
    }
