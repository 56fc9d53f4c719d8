"""The monthly link check, against a real HTTP server on loopback: each link's status is
recorded, the broken ones flagged and shown on the coordinator dashboard; a second run
finds nothing to do."""

import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.conf import settings
from django.utils import timezone

from outreach.models import Resource
from outreach.services.resources import RECHECK_AFTER, resources_check_links
from tests.conftest import run_together, wait_for
from tests.factories import ResourceFactory, TopicFactory

TINY_TIMEOUT = 0.2  # seconds; the slow page answers after SLOW_AFTER
SLOW_AFTER = 1.0


class Site(BaseHTTPRequestHandler):
    """/ok 200, /gone 404, /no-head 405 to HEAD and 200 to GET, /broken 500, /slow late,
    /moved to /ok, /loop to itself, /pause... 200 after a moment. Each request is noted
    as (method, path)."""

    seen: list = []

    def log_message(self, *args):
        pass

    def _answer(self):
        self.seen.append((self.command, self.path))
        if self.path == "/slow":
            time.sleep(SLOW_AFTER)
        if self.path.startswith("/pause"):
            time.sleep(0.05)
        if self.path in ("/moved", "/loop"):
            self.send_response(301)
            self.send_header("Location", "/ok" if self.path == "/moved" else "/loop")
        else:
            status = {"/ok": 200, "/gone": 404, "/broken": 500, "/slow": 200}.get(self.path)
            status = 200 if self.path.startswith("/pause") else status
            if self.path == "/no-head":
                status = 405 if self.command == "HEAD" else 200
            self.send_response(status or 404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_HEAD = do_GET = _answer


@pytest.fixture
def site(settings):
    settings.OUTREACH_LINK_CHECK_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    Site.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


PATHS = ["/ok", "/gone", "/no-head", "/broken", "/slow", "/moved", "/loop"]


def resources_at(site: str) -> dict:
    topic = TopicFactory()
    return {path: ResourceFactory(link=site + path, topics=[topic]) for path in PATHS}


def found() -> dict:
    return {
        resource.link.rsplit("/", 1)[1]: (resource.link_status, resource.link_broken)
        for resource in Resource.objects.all()
    }


@pytest.mark.django_db
def test_each_link_gets_its_status_and_the_broken_ones_are_flagged(site):
    resources_at(site)
    now = timezone.now()

    checked = resources_check_links(now=now, timeout=TINY_TIMEOUT)

    assert checked == len(PATHS)
    assert found() == {
        "ok": (200, False),
        "gone": (404, True),
        "no-head": (200, False),
        "broken": (500, True),
        "slow": (None, True),
        "moved": (200, False),
        "loop": (301, True),
    }
    assert set(Resource.objects.values_list("link_checked_at", flat=True)) == {now}


@pytest.mark.django_db
def test_a_get_is_sent_only_when_head_is_not_allowed(site):
    topic = TopicFactory()
    for path in ("/ok", "/gone", "/no-head"):
        ResourceFactory(link=site + path, topics=[topic])

    resources_check_links(now=timezone.now(), timeout=TINY_TIMEOUT)

    assert sorted(Site.seen) == [
        ("GET", "/no-head"),
        ("HEAD", "/gone"),
        ("HEAD", "/no-head"),
        ("HEAD", "/ok"),
    ]


@pytest.mark.django_db
def test_a_second_run_checks_nothing_until_a_month_has_passed(site):
    ResourceFactory(link=site + "/ok", topics=[TopicFactory()])
    now = timezone.now()
    resources_check_links(now=now, timeout=TINY_TIMEOUT)

    again = resources_check_links(now=now + timedelta(days=1), timeout=TINY_TIMEOUT)
    next_month = resources_check_links(now=now + RECHECK_AFTER, timeout=TINY_TIMEOUT)

    assert (again, next_month) == (0, 1)
    assert Site.seen == [("HEAD", "/ok"), ("HEAD", "/ok")]


@pytest.mark.postgres
def test_two_runs_at_once_check_each_link_once(transactional_db, site):
    topic = TopicFactory()
    for number in range(6):
        ResourceFactory(link=f"{site}/pause/{number}", topics=[topic])
    now = timezone.now()

    counts = run_together([lambda: resources_check_links(now=now, timeout=2.0)] * 2)

    assert sum(counts) == 6
    assert sorted(Site.seen) == [("HEAD", f"/pause/{number}") for number in range(6)]


@pytest.mark.django_db
def test_a_link_that_is_fixed_is_no_longer_flagged_on_the_next_run(site):
    resource = ResourceFactory(link=site + "/gone", topics=[TopicFactory()])
    now = timezone.now()
    resources_check_links(now=now, timeout=TINY_TIMEOUT)
    Resource.objects.filter(pk=resource.pk).update(link=site + "/ok")

    resources_check_links(now=now + RECHECK_AFTER, timeout=TINY_TIMEOUT)

    assert found() == {"ok": (200, False)}


@pytest.mark.django_db
def test_a_link_that_is_not_http_is_never_requested():
    resource = ResourceFactory(topics=[TopicFactory()])
    Resource.objects.filter(pk=resource.pk).update(link="http://")  # no host at all

    resources_check_links(now=timezone.now(), timeout=TINY_TIMEOUT)

    assert found() == {"": (None, True)}


@pytest.mark.django_db
def test_the_dashboard_warns_of_broken_links_and_links_to_them(client, site):
    from tests.factories import CoordinatorFactory

    topic = TopicFactory()
    for path in ("/ok", "/gone", "/broken"):
        ResourceFactory(link=site + path, topics=[topic])
    client.force_login(CoordinatorFactory())
    before = client.get("/coordinate/").content.decode()

    resources_check_links(now=timezone.now(), timeout=TINY_TIMEOUT)
    after = client.get("/coordinate/").content.decode()

    warning = (
        '<p class="notice" role="status">2 resources&#x27; links look broken. '
        '<a href="/coordinate/resources/?broken=1">Reading to take home</a></p>'
    )
    assert (warning in before, warning in after) == (False, True)
    nav_link = 'href="/coordinate/resources/"'  # the coordinator pages' navigation
    assert (nav_link in before, nav_link in after) == (True, True)


def test_the_check_runs_monthly_from_beat():
    entry = settings.CELERY_BEAT_SCHEDULE["outreach-check-resource-links"]

    assert entry["task"] == "outreach.check_resource_links"
    assert (
        entry["schedule"].day_of_month,
        entry["schedule"].hour,
        entry["schedule"].minute,
    ) == ({1}, {4}, {30})


def test_a_real_worker_runs_the_check(celery_worker, site):
    from outreach.tasks import check_resource_links

    ResourceFactory(link=site + "/gone", topics=[TopicFactory()])

    check_resource_links.delay()

    assert wait_for(lambda: found() == {"gone": (404, True)}, what="the link's status")
