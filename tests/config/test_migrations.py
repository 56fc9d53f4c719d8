"""Every new migration applies to a database full of the last release's `seed_demo` data,
with emails its code queued, and moves old rows to their new meaning.

This test checks the last release out (git worktree), seeds a fresh PostgreSQL database
with its own code, then migrates it with ours.
"""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection

pytestmark = pytest.mark.postgres
ROOT = Path(__file__).resolve().parents[2]
# The main that people run, before the migrations this test guards. When a release with
# new migrations has landed, move this to it (and the checks below to the next ones).
LAST_RELEASE = "72b2b920bc21b63877bd69fb76ee2f1586caac19"

OLD_RELEASE_ACTIVITY = """
import django
django.setup()
from django.core.mail import send_mail
from django.core.management import call_command
from events import services
from events.models import Talk
call_command("migrate", verbosity=0)
call_command("seed_demo", talks=8, rsvps_per_talk=3, verbosity=0)
talk = Talk.objects.filter(status="published").order_by("start").last()
services.rsvp_create(talk=talk, email="guest@example.org", name="Guest")
send_mail("Reset your password", "A link.", None, ["Sam@Example.org"])
# The last seat of a talk held by an unconfirmed guest, a member waiting behind them.
from django.contrib.auth import get_user_model
full = Talk.objects.filter(status="published").order_by("start").first()
full.rsvps.all().delete()
full.capacity = 1
full.save()
services.rsvp_create(talk=full, email="holder@example.org", name="Holder")
waiting = get_user_model().objects.create(username="w", email="waiting@example.org")
services.rsvp_create(talk=full, email=waiting.email, name="W", user=waiting)
"""

AFTER_MIGRATING = """
import json, django
django.setup()
from events.models import Rsvp
from events.tasks import expire_unconfirmed_rsvps
from notifications.models import OutgoingEmail
expire_unconfirmed_rsvps()  # what beat runs every five minutes
rows = OutgoingEmail.objects.all()
print(json.dumps({
    "rows": rows.count(),
    "context_with_ics": rows.filter(context__has_key="ics").count(),
    "calendar_fields": rows.exclude(ics="").exclude(discreet_ics="").count(),
    "named": rows.exclude(subject_name="").count(),
    "prerendered": rows.filter(kind="prerendered").count(),
    "recipients": sorted(set(rows.values_list("recipient", flat=True))),
    "holder": Rsvp.objects.get(email="holder@example.org").status,
    "waiting": Rsvp.objects.get(email="waiting@example.org").status,
}))
"""


def git(*arguments) -> str:
    return subprocess.run(
        ["git", *arguments], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()


def run(script: str, *, tree: Path, database_url: str) -> str:
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "PYTHONPATH": str(tree),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "CELERY_BROKER_URL": "memory://",
        "DEBUG": "true",
    }
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tree,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def migrate_with_ours(database_url: str) -> None:
    run(
        "import django; django.setup(); from django.core.management import call_command; "
        "call_command('migrate', verbosity=0)",
        tree=ROOT,
        database_url=database_url,
    )


@pytest.fixture
def scratch_database():
    settings = connection.settings_dict
    name = f"migration_check_{uuid.uuid4().hex[:8]}"
    admin = (
        f"host={settings['HOST']} port={settings['PORT']} user={settings['USER']} dbname=postgres"
    )
    with psycopg.connect(admin, autocommit=True) as server:
        server.execute(f'CREATE DATABASE "{name}"')
    yield f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{name}"
    with psycopg.connect(admin, autocommit=True) as server:
        server.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.fixture
def last_release(tmp_path):
    tree = tmp_path / "release"
    git("worktree", "add", "--detach", str(tree), LAST_RELEASE)
    yield tree
    git("worktree", "remove", "--force", str(tree))


def test_new_migrations_apply_to_the_last_releases_seeded_data(last_release, scratch_database):
    run(OLD_RELEASE_ACTIVITY, tree=last_release, database_url=scratch_database)

    migrate_with_ours(scratch_database)
    result = json.loads(run(AFTER_MIGRATING, tree=ROOT, database_url=scratch_database))

    assert result["rows"] > 0
    assert result["context_with_ics"] == 0
    assert result["calendar_fields"] == result["named"] == result["rows"] - result["prerendered"]
    assert "sam@example.org" in result["recipients"]
    assert all(address == address.lower() for address in result["recipients"])
    # An unconfirmed guest no longer holds a seat: the member waiting behind is seated.
    assert (result["holder"], result["waiting"]) == ("pending", "confirmed")


# The release before the seat counters and the schedule's version (events 0010).
COUNTERS_RELEASE = "bb00cd577c8b1a300f336762657c9fa088b3dd32"

COUNTERS_AFTER_MIGRATING = """
import json, django
django.setup()
from events.models import Rsvp, ScheduleVersion, Talk
counters = sorted(Talk.objects.values_list("pk", "seats_taken", "waitlist_count"))
truth = sorted((t.pk, *Rsvp.objects.filter(talk=t).counts()) for t in Talk.objects.all())
version = ScheduleVersion.objects.get()
print(json.dumps({
    "counters": counters,
    "truth": truth,
    "waiting": sum(row[2] for row in counters),
    "version": version.number,
    "longest_minutes": version.longest_talk.total_seconds() / 60,
}))
"""

OLD_RELEASE_WAITLIST = """
import django
django.setup()
from django.core.management import call_command
from django.contrib.auth import get_user_model
from events import services
from events.models import Talk
call_command("migrate", verbosity=0)
call_command("seed_demo", talks=8, rsvps_per_talk=3, verbosity=0)
full = Talk.objects.filter(status="published", capacity__isnull=False).order_by("start").last()
full.capacity = 3
full.save()
for n in range(2):
    waiting = get_user_model().objects.create(username=f"w{n}", email=f"w{n}@example.org")
    services.rsvp_create(talk=full, email=waiting.email, name="W", user=waiting)
"""


@pytest.fixture
def counters_release(tmp_path):
    tree = tmp_path / "counters-release"
    git("worktree", "add", "--detach", str(tree), COUNTERS_RELEASE)
    yield tree
    git("worktree", "remove", "--force", str(tree))


def test_seat_counters_migration_counts_the_seeded_rsvps_of_the_last_release(
    counters_release, scratch_database
):
    run(OLD_RELEASE_WAITLIST, tree=counters_release, database_url=scratch_database)

    migrate_with_ours(scratch_database)
    result = json.loads(run(COUNTERS_AFTER_MIGRATING, tree=ROOT, database_url=scratch_database))

    assert result["counters"] == result["truth"]
    assert result["waiting"] == 2
    assert any(seats for _pk, seats, _waiting in result["counters"])
    assert (result["version"], result["longest_minutes"]) == (1, 90)


# The release before announcements (outreach 0001, notifications 0007).
ANNOUNCEMENTS_RELEASE = "22fd575352b6b398a2d0844f8b74c92e493537a6"

ANNOUNCEMENTS_AFTER_MIGRATING = """
import json, django
django.setup()
from datetime import timedelta
from django.utils import timezone
from events import services
from events.models import Talk
from notifications.models import OutgoingEmail
from outreach.demo import subscribers_seed
from outreach.models import Subscriber
added = subscribers_seed(count=10)
talk = Talk.objects.filter(status="published").order_by("start").last()
start = timezone.now() + timedelta(days=40)
draft = services.talk_duplicate(talk=talk, start=start, end=start + timedelta(hours=1), by=None)
services.talk_publish(talk=draft, by=None)
wanting = Subscriber.objects.receiving().filter(frequency="each")
wanting = wanting.wanting(draft, [topic.pk for topic in draft.topics.all()])
print(json.dumps({
    "added": added,
    "announced": OutgoingEmail.objects.filter(kind="announcement").count(),
    "wanting": wanting.count(),
    "old_emails": OutgoingEmail.objects.exclude(kind__startswith="announcement").count(),
}))
"""


@pytest.fixture
def announcements_release(tmp_path):
    tree = tmp_path / "announcements-release"
    git("worktree", "add", "--detach", str(tree), ANNOUNCEMENTS_RELEASE)
    yield tree
    git("worktree", "remove", "--force", str(tree))


def test_announcements_migrations_apply_to_seeded_data_and_subscribers_follow(
    announcements_release, scratch_database
):
    run(OLD_RELEASE_ACTIVITY, tree=announcements_release, database_url=scratch_database)

    migrate_with_ours(scratch_database)
    result = json.loads(
        run(ANNOUNCEMENTS_AFTER_MIGRATING, tree=ROOT, database_url=scratch_database)
    )

    assert result["added"] == 10
    assert result["announced"] == result["wanting"] > 0
    assert result["old_emails"] > 0


# The release before the site's branding and talk images (notifications 0007, events 0014).
BRANDING_RELEASE = "22fd575352b6b398a2d0844f8b74c92e493537a6"

BRANDING_AFTER_MIGRATING = """
import json, django
django.setup()
from django.test import Client
from events import services
from events.models import Talk
from notifications.branding import branding_current
services.branding_change(
    organisation_name="Larimer Wellness", logo="", accent_colour="#7a1f5c", about="",
    contact_email="", crisis_notice="Call 988.", crisis_notice_everywhere=True,
)
talk = Talk.objects.filter(status="published").order_by("start").last()
page = Client(HTTP_HOST="localhost").get(talk.get_absolute_url()).content.decode()
print(json.dumps({
    "talks": Talk.objects.count(),
    "images": Talk.objects.exclude(image="").count(),
    "name": branding_current().name,
    "shown": "Larimer Wellness" in page and "Call 988." in page,
}))
"""


@pytest.fixture
def branding_release(tmp_path):
    tree = tmp_path / "branding-release"
    git("worktree", "add", "--detach", str(tree), BRANDING_RELEASE)
    yield tree
    git("worktree", "remove", "--force", str(tree))


def test_branding_and_talk_image_migrations_apply_to_seeded_data(
    branding_release, scratch_database
):
    run(OLD_RELEASE_WAITLIST, tree=branding_release, database_url=scratch_database)

    migrate_with_ours(scratch_database)
    result = json.loads(run(BRANDING_AFTER_MIGRATING, tree=ROOT, database_url=scratch_database))

    assert result["talks"] > 0
    assert (result["images"], result["name"], result["shown"]) == (0, "Larimer Wellness", True)
