"""Wrong passwords from one place cannot lock a person out everywhere."""

import pytest

from tests.factories import PASSWORD, CoordinatorFactory

pytestmark = pytest.mark.django_db


def log_in(client, email, password, address):
    return client.post(
        "/accounts/login/", {"login": email, "password": password}, REMOTE_ADDR=address
    )


def test_failed_logins_from_an_attackers_address_do_not_lock_the_coordinator_out(client):
    coordinator = CoordinatorFactory(email="lockout.target@example.org")
    for _attempt in range(8):
        log_in(client, coordinator.email, "wrong password", "203.0.113.9")

    locked_there = log_in(client, coordinator.email, PASSWORD, "203.0.113.9")
    from_home = log_in(client, coordinator.email, PASSWORD, "198.51.100.7")

    assert locked_there.status_code == 200  # the form again, with "too many attempts"
    assert "Too many failed login attempts" in locked_there.content.decode()
    assert (from_home.status_code, from_home["Location"]) == (302, "/")
