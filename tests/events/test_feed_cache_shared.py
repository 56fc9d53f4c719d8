"""With CACHE_URL set, a feed built by one process is served by the others from Redis."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import redis
from django.core.cache import caches
from django.utils import timezone

from events.feeds import (
    PUBLIC,
    feed_document,
    feed_document_cached,
    feed_validators,
    shown_talks,
    talks_for_public_feed,
    vevents_serialised,
)
from tests.conftest import IN_CI
from tests.factories import TalkFactory

ROOT = Path(__file__).resolve().parents[2]
# Redis database 12 is the tests' own; nothing here flushes it (clear() would).
CACHE_URL = "redis://127.0.0.1:6379/12"

# Run in another process, configured only by CACHE_URL, on an empty database: it serves
# the feed's VEVENTs and document from the cache or fails trying to build them.
OTHER_PROCESS = """
import json, sys
from datetime import datetime
import django
django.setup()
from django.db import connection
from django.test.utils import CaptureQueriesContext
from events.feeds import PUBLIC, ShownTalk, feed_document_cached, vevents_serialised

asked = json.load(sys.stdin)
shown = [ShownTalk(pk=pk, time_zone=zone, start=datetime.fromisoformat(start), key=key)
         for pk, zone, start, key in asked["shown"]]
def build():
    raise SystemExit("the document was not in the cache")
with CaptureQueriesContext(connection) as queries:
    vevents = vevents_serialised(shown, PUBLIC)
    documents = [feed_document_cached(etag, build) for etag in asked["etags"]]
print(json.dumps({
    "vevents": [v.decode() for v in vevents],
    "documents": [d.decode() for d in documents],
    "queries": len(queries),
}))
"""


def redis_answers() -> bool:
    try:
        return redis.Redis.from_url(CACHE_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


@pytest.fixture
def shared_caches(settings, tmp_path):
    """This process's caches as CACHE_URL configures them, with keys no other run has."""
    if not redis_answers():
        if IN_CI:
            pytest.fail(f"CI runs with Redis: nothing answers at {CACHE_URL}")
        pytest.skip(f"needs Redis at {CACHE_URL}")
    settings.CACHES = caches_configured(tmp_path)
    settings.SITE_NAME = f"Shared cache test {uuid.uuid4().hex}"  # in every key and ETag
    written = {"calendar": [], "calendar_documents": []}
    yield written
    for alias, keys in written.items():
        caches[alias].delete_many(keys)


def caches_configured(tmp_path) -> dict:
    """CACHES as a process started with CACHE_URL sees it."""
    script = "import json, django; django.setup(); from django.conf import settings; "
    script += "print(json.dumps(settings.CACHES))"
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=other_process_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)


def other_process_environment(tmp_path) -> dict:
    keep = {name: os.environ[name] for name in ("PATH", "HOME") if name in os.environ}
    return {
        **keep,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "CACHE_URL": CACHE_URL,
        "VAR_DIR": str(tmp_path),  # an empty SQLite database: nothing to build from
    }


def served_by_another_process(tmp_path, *, shown, etags) -> dict:
    asked = {
        "shown": [[t.pk, t.time_zone, t.start.isoformat(), t.key] for t in shown],
        "etags": etags,
    }
    result = subprocess.run(
        [sys.executable, "-c", OTHER_PROCESS],
        cwd=ROOT,
        env=other_process_environment(tmp_path),
        input=json.dumps(asked),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout)


def test_feed_cache_built_once_is_served_by_another_process_without_rebuilding(
    shared_caches, db, tmp_path
):
    TalkFactory.create_batch(3)
    talks = talks_for_public_feed(timezone.now())
    shown = shown_talks(talks, PUBLIC)
    etag, _modified = feed_validators(timezone.now(), PUBLIC, header="Talks")
    document = feed_document_cached(
        etag, lambda: feed_document(talks, name="Talks", description="", url="http://x/")
    )
    shared_caches["calendar"] += [talk.key for talk in shown]
    shared_caches["calendar_documents"].append(etag)

    served = served_by_another_process(tmp_path, shown=shown, etags=[etag])

    assert served == {
        "vevents": [v.decode() for v in vevents_serialised(shown, PUBLIC)],
        "documents": [document.decode()],
        "queries": 0,
    }


def test_feed_cache_shares_a_document_of_three_megabytes(shared_caches, tmp_path):
    line = "DESCRIPTION:" + "x" * 61 + "\r\n"  # 75 octets, as a feed's folded lines are
    big = ("BEGIN:VCALENDAR\r\n" + line * 40_000 + "END:VCALENDAR\r\n").encode()  # 3 MB
    etag = f'"{uuid.uuid4().hex}"'
    feed_document_cached(etag, lambda: big)
    shared_caches["calendar_documents"].append(etag)

    served = served_by_another_process(tmp_path, shown=[], etags=[etag])

    assert served == {"vevents": [], "documents": [big.decode()], "queries": 0}


def test_each_process_builds_one_redis_client_per_pool_and_it_keeps_working(shared_caches):
    """config/cache.py: Django's Redis cache would build a client for every call."""
    pages = caches["pages"]
    first = pages._cache.get_client(write=True)

    pages.set("client-reuse-check", "kept", 30)

    assert pages._cache.get_client(write=True) is first
    assert pages._cache.get_client() is first  # one server: reads use the same pool
    assert pages.get("client-reuse-check") == "kept"
    pages.delete("client-reuse-check")
