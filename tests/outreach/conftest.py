from tests.config.test_migrations import last_release, scratch_database  # noqa: F401 - fixtures
from tests.events.conftest import coordinator, coordinator_client  # noqa: F401 - fixtures
