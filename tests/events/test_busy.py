"""Under contention: a request that waits too long for a talk answers "busy", the same
clear page on PostgreSQL and SQLite, and leaves nothing made or half-made; while an RSVP
holds the lock, it does only the seat count and the inserts."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events import services
from events.models import Rsvp, Talk
from notifications.models import EmailPreference, OutgoingEmail
from tests.conftest import talk_lock_held
from tests.factories import RsvpFactory, TalkFactory, TopicFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]

SQLITE_SCRIPT = """
import json, sqlite3, django
django.setup()
from django.core.management import call_command
from django.db import connections
from django.test import Client
call_command("migrate", verbosity=0)
from tests.conftest import talk_lock_held
from tests.factories import TalkFactory, UserFactory
from events.models import Rsvp
from notifications.models import OutgoingEmail
talk = TalkFactory(capacity=10)
client = Client()
client.force_login(UserFactory())
connections.close_all()
connections["default"].settings_dict["OPTIONS"]["timeout"] = 0.3
holder = sqlite3.connect(connections["default"].settings_dict["NAME"])
holder.execute("BEGIN IMMEDIATE")
response = client.post(f"/talks/{talk.slug}/rsvp/", {"name": "Sam", "discreet_emails": "on"})
holder.rollback()
print(json.dumps({
    "status": response.status_code,
    "retry_after": response.get("Retry-After"),
    "busy_page": "Busy, please try again" in response.content.decode(),
    "rsvps": Rsvp.objects.count(),
    "emails": OutgoingEmail.objects.count(),
}))
"""


def test_on_sqlite_a_long_wait_answers_the_busy_page_and_saves_nothing(tmp_path):
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "VAR_DIR": str(tmp_path),
        "CELERY_BROKER_URL": "filesystem://",
        "CELERY_BROKER_FOLDER": str(tmp_path / "broker"),
        "ALLOWED_HOSTS": "testserver",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }

    run = subprocess.run(
        [sys.executable, "-c", SQLITE_SCRIPT],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout.strip().splitlines()[-1]) == {
        "status": 503,
        "retry_after": "2",
        "busy_page": True,
        "rsvps": 0,
        "emails": 0,
    }


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_a_busy_rsvp_is_neither_made_nor_half_made(client, settings):
    settings.EVENTS_LOCK_TIMEOUT_MS = 200
    talk = TalkFactory(capacity=10)
    member = UserFactory()
    client.force_login(member)
    with talk_lock_held(talk):
        response = client.post(
            f"/talks/{talk.slug}/rsvp/", {"name": "Sam", "discreet_emails": "on"}
        )

    assert response.status_code == 503
    assert response["Retry-After"] == "2"
    assert "Busy, please try again" in response.content.decode()
    assert (Rsvp.objects.count(), OutgoingEmail.objects.count()) == (0, 0)
    assert not EmailPreference.objects.filter(email=member.email, discreet=True).exists()


def queries_under_the_lock(captured) -> list[str]:
    """The SQL run from taking the talk's row lock to the end of the transaction."""
    sql = [
        query["sql"]
        for query in captured.captured_queries
        if not query["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
    ]
    taken = next(n for n, text in enumerate(sql) if text.rstrip().endswith("FOR UPDATE"))
    return sql[taken + 1 :]


@pytest.mark.django_db
@pytest.mark.postgres  # the lock is SELECT ... FOR UPDATE, which SQLite does not have
def test_an_rsvp_holds_the_lock_only_for_the_seat_count_and_the_inserts():
    talk = TalkFactory(capacity=10, topics=[TopicFactory()])
    RsvpFactory(talk=talk)
    member = UserFactory()
    talk = Talk.objects.for_listing().get(pk=talk.pk)  # as the talk page loads it

    with CaptureQueriesContext(connection) as captured:
        services.rsvp_create(talk=talk, email=member.email, name="Sam", user=member)

    under_lock = [sql.split()[0] for sql in queries_under_the_lock(captured)]
    # the existing RSVP, the seats taken and anyone waiting (one query); the RSVP; the
    # recount into the talk's counters (what the pages show); its emails
    assert under_lock == ["SELECT", "SELECT", "INSERT", "SELECT", "UPDATE", "INSERT"]
