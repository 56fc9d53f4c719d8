import pytest

from tests.factories import CoordinatorFactory


@pytest.fixture
def coordinator(client, db):
    """A logged-in coordinator."""
    user = CoordinatorFactory()
    client.force_login(user)
    return user


@pytest.fixture
def coordinator_client(client, coordinator):
    """The test client, logged in as `coordinator`."""
    return client
