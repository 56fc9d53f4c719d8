"""outreach 0001 (resources) applies to a database full of the last main's `seed_demo`
data, and the outreach demo then puts its reading on the topics already there."""

import json

import pytest

from outreach.demo.resources import RESOURCES
from tests.config.test_migrations import (  # noqa: F401 - scratch_database is a fixture
    ROOT,
    git,
    migrate_with_ours,
    run,
    scratch_database,
)

pytestmark = pytest.mark.postgres
# main before outreach had a migration
BEFORE_RESOURCES = "22fd575352b6b398a2d0844f8b74c92e493537a6"

SEEDED = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("seed_demo", talks=8, rsvps_per_talk=3, verbosity=0)
"""

AFTER_MIGRATING = """
import json, django
django.setup()
from django.core.management import call_command
from events.models import Topic
from outreach.models import Resource
topics = Topic.objects.count()
import io
call_command("seed_outreach_demo", stdout=io.StringIO())
call_command("seed_outreach_demo", stdout=io.StringIO())  # twice: it adds nothing more
print(json.dumps({
    "resources": Resource.objects.count(),
    "topics_before": topics,
    "topics_after": Topic.objects.count(),
    "without_topic": Resource.objects.filter(topics=None).count(),
    "kinds": sorted(set(Resource.objects.values_list("kind", flat=True))),
}))
"""


@pytest.fixture
def before_resources(tmp_path):
    tree = tmp_path / "before-resources"
    git("worktree", "add", "--detach", str(tree), BEFORE_RESOURCES)
    yield tree
    git("worktree", "remove", "--force", str(tree))


def test_resources_migration_applies_to_seeded_data_and_the_demo_uses_its_topics(
    before_resources,
    scratch_database,  # noqa: F811 - the fixture imported above
):
    run(SEEDED, tree=before_resources, database_url=scratch_database)

    migrate_with_ours(scratch_database)
    result = json.loads(run(AFTER_MIGRATING, tree=ROOT, database_url=scratch_database))

    assert result == {
        "resources": len(RESOURCES),
        "topics_before": 5,
        "topics_after": 5,
        "without_topic": 0,
        "kinds": ["guide", "research", "support", "video"],
    }
