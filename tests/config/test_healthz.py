import pytest
from django.db import connection


@pytest.mark.django_db
def test_healthz_answers_200_when_database_and_broker_answer(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "down": []}


@pytest.mark.django_db
def test_healthz_names_the_broker_when_it_is_down(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 1}

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "down", "down": ["broker"]}


@pytest.fixture
def unreachable_database(transactional_db):
    """Point the live connection at nowhere, then put it back."""
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update({"HOST": "127.0.0.1", "PORT": "1"})
    yield
    connection.close()
    connection.settings_dict.clear()
    connection.settings_dict.update(saved)


@pytest.mark.postgres  # SQLite's in-memory test database cannot be cut off
def test_healthz_names_the_database_when_it_is_down(client, unreachable_database):
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "down", "down": ["database"]}
