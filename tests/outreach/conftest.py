from tests.events.conftest import coordinator, coordinator_client  # noqa: F401 - shared fixtures
