from tests.config.test_migrations import scratch_database  # noqa: F401 - shared fixture
from tests.events.conftest import coordinator, coordinator_client  # noqa: F401 - shared fixtures
