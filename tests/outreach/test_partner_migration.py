"""outreach 0002_partners applies to a database full of the last release's `seed_demo`
data, and the demo partners then co-host its talks (tests/config/test_migrations.py)."""

import json

import pytest

from tests.config.test_migrations import OLD_RELEASE_ACTIVITY, ROOT, migrate_with_ours, run

pytestmark = pytest.mark.postgres

PARTNERS_AFTER_MIGRATING = """
import json, django
django.setup()
from outreach.demo import partners_seed
partners_seed()
partners_seed()  # idempotent
from outreach.models import CoHosting, Partner
print(json.dumps({
    "partners": Partner.objects.count(),
    "cohostings": CoHosting.objects.count(),
    "talks": CoHosting.objects.values("talk").distinct().count(),
}))
"""


def test_the_partners_migration_applies_to_the_last_releases_seeded_data(
    last_release, scratch_database
):
    run(OLD_RELEASE_ACTIVITY, tree=last_release, database_url=scratch_database)

    migrate_with_ours(scratch_database)
    result = json.loads(run(PARTNERS_AFTER_MIGRATING, tree=ROOT, database_url=scratch_database))

    assert result == {"partners": 3, "cohostings": 9, "talks": 6}
