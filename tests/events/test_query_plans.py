"""Every list page and feed does the same SQL work at two data sizes: the same number of
queries, the same plan for each (PostgreSQL's EXPLAIN), and no sequential scan over the
RSVPs. A flat query count can hide a query that reads every row (the home page once
summed every upcoming talk's RSVPs to show twenty); the plans show it.

Plans are read with sequential scans discouraged (`enable_seqscan = off`), as on a big
table the planner would choose: on a small one a sequential scan is always cheapest,
and one that stays is one no index can serve.
"""

import json
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events import services
from events.models import Rsvp, Talk
from tests.factories import (
    CoordinatorFactory,
    SeriesFactory,
    SpeakerFactory,
    TalkFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

SMALL, LARGE = 25, 300  # talks before and after "now" (a page holds 20), RSVPS_EACH on each
RSVPS_EACH = 12
INDEXED = {"Index Scan", "Index Only Scan", "Bitmap Heap Scan", "Bitmap Index Scan"}


def grow(size: int, *, topic, series) -> None:
    """`size` past and `size` upcoming talks, RSVPs on each, made in bulk."""
    now = timezone.now()
    talks = [
        TalkFactory.build(
            start=now + timedelta(days=offset),
            end=now + timedelta(days=offset, hours=1),
            series=series,
            venue=None,
            online_url="https://meet.example.org/x",
        )
        for offset in [*range(-size, 0), *range(2, size + 2)]
    ]
    Talk.objects.bulk_create(talks)
    made = list(Talk.objects.filter(slug__in=[talk.slug for talk in talks]))
    Talk.topics.through.objects.bulk_create(
        [Talk.topics.through(talk=talk, topic=topic) for talk in made]
    )
    Rsvp.objects.bulk_create(
        Rsvp(talk=talk, email=f"p{talk.pk}-{n}@example.org", name="P", status="confirmed")
        for talk in made
        for n in range(RSVPS_EACH)
    )
    services.talks_seats_recount(Talk.objects.all())
    services.schedule_version_bump()
    with connection.cursor() as cursor:
        # The planner's estimates now, not whenever autovacuum runs; ANALYZE may wait for
        # autovacuum to give way, longer than the talk lock's timeout set in this test.
        cursor.execute("SET LOCAL lock_timeout = '60s'")
        cursor.execute("ANALYZE")


@pytest.fixture
def site(db):
    """What every size shares: the talk whose own pages are read, its people, a member."""
    topic, series = TopicFactory(slug="ptsd"), SeriesFactory(slug="monthly")
    talk = TalkFactory(topics=[topic], series=series, speakers=[SpeakerFactory()])
    member = UserFactory()
    for n in range(5):
        services.rsvp_create(talk=talk, email=f"g{n}@example.org", name="G", user=UserFactory())
    services.rsvp_create(talk=talk, email=member.email, name="M", user=member)
    feed = services.calendar_feed_for(email=member.email)
    return {
        "topic": topic,
        "series": series,
        "talk": talk,
        "member": member,
        "coordinator": CoordinatorFactory(),
        "feed": feed,
    }


def pages(site) -> dict:
    talk = site["talk"]
    speaker = talk.speakers.get()
    return {
        "/": None,
        "/talks/past/": None,
        "/?topic=ptsd": None,
        "/?month=" + timezone.now().strftime("%Y-%m"): None,
        "/topics/ptsd/": None,
        "/series/monthly/": None,
        f"/speakers/{speaker.pk}/": None,
        f"/speakers/{speaker.pk}/calendar.ics": None,
        "/search/?q=speaker": None,  # the shared talk's speaker: one match at every size
        "/search/?q=ketamine": None,  # every talk
        talk.get_absolute_url(): None,
        "/calendar.ics": None,
        "/topics/ptsd/calendar.ics": None,
        "/series/monthly/calendar.ics": None,
        f"/talks/{talk.slug}.ics": None,
        f"/calendar/me/{site['feed'].token}.ics": None,
        "/me/talks/": site["member"],
        "/coordinate/": site["coordinator"],
        f"/coordinate/talks/{talk.pk}/": site["coordinator"],
        f"/coordinate/talks/{talk.pk}/check-in/": site["coordinator"],
    }


def scans(plan: dict) -> list:
    """How the plan reads each table: ("index" or the scan's kind, table) for every table
    it reads. An index scan and a bitmap scan of an index are both reads through an
    index: which one the planner picks depends on its row estimates, not on our SQL."""
    found = []
    if plan.get("Relation Name"):
        kind = "index" if plan["Node Type"] in INDEXED else plan["Node Type"]
        found.append((kind, plan["Relation Name"]))
    for child in plan.get("Plans", []):
        found += scans(child)
    return found


def shape(plan: dict) -> list:
    """The plan's shape: its scans, whatever the order and kind of the joins between them
    (the planner fairly picks a hash join over a nested loop as tables grow)."""
    return sorted(scans(plan), key=repr)


def is_select(sql: str) -> bool:
    """A read, compound ones too: Django writes a UNION as "(SELECT ...) UNION (...)"."""
    return sql.lstrip(" (").upper().startswith("SELECT")


def explained(sql_statements, *, analyze: bool = False) -> list:
    """Each statement's plan (EXPLAIN's JSON; executed too with `analyze`), or the first
    word of a statement that is not a SELECT."""
    found = []
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        for sql in sql_statements:
            if not is_select(sql):
                found.append(sql.split()[0])
                continue
            cursor.execute(f"EXPLAIN ({'ANALYZE, ' if analyze else ''}FORMAT JSON) " + sql)
            raw = cursor.fetchone()[0]
            found.append((json.loads(raw) if isinstance(raw, str) else raw)[0]["Plan"])
        cursor.execute("RESET enable_seqscan")
    return found


def plans_of(sql_statements) -> list:
    return [plan if isinstance(plan, str) else shape(plan) for plan in explained(sql_statements)]


def visits(client, site, count: int) -> dict:
    """For each page, the SQL of `count` visits in a row as its visitor, from empty caches."""
    statements = {}
    for path, visitor in pages(site).items():
        client.logout()
        if visitor:
            client.force_login(visitor)
        for cache in ("pages", "calendar", "calendar_documents"):
            caches[cache].clear()
        statements[path] = []
        for _visit in range(count):
            with CaptureQueriesContext(connection) as captured:
                response = client.get(path)
            assert response.status_code == 200, path
            statements[path].append([query["sql"] for query in captured.captured_queries])
    return statements


def sql_work(client, site) -> dict:
    """For each page: the plans of a first visit and of a second, as its visitor."""
    return {
        path: [plans_of(statements) for statements in seen]
        for path, seen in visits(client, site, 2).items()
    }


def test_list_pages_and_feeds_do_the_same_sql_work_at_two_sizes(client, site):
    grow(SMALL, topic=site["topic"], series=site["series"])
    small = sql_work(client, site)
    grow(LARGE, topic=site["topic"], series=site["series"])
    large = sql_work(client, site)

    for path in small:
        assert large[path] == small[path], path


def test_no_page_or_feed_reads_the_rsvps_without_an_index(client, site):
    grow(SMALL, topic=site["topic"], series=site["series"])

    for path, visits in sql_work(client, site).items():
        for plan in (node for visit in visits for statement in visit for node in statement):
            if isinstance(plan, tuple) and plan[1] == "events_rsvp":
                assert plan[0] == "index", (path, plan)


def test_the_plan_reader_sees_a_sequential_scan_over_the_rsvps(site):
    """The check above can fail: a query no index serves shows as one."""
    plans = plans_of(["SELECT * FROM events_rsvp WHERE party_size = 2"])

    assert ("Seq Scan", "events_rsvp") in plans[0]


def rows_read(plan: dict, table: str) -> int:
    """Rows the executed plan took from `table`, kept or filtered out, over all the loops
    that read it."""
    own = 0
    if plan.get("Relation Name") == table:
        looked_at = plan["Actual Rows"] + plan.get("Rows Removed by Filter", 0)
        own = looked_at * plan["Actual Loops"]
    return own + sum(rows_read(child, table) for child in plan.get("Plans", []))


def rows_read_by(client, site, table: str) -> dict:
    """For each page, the rows its queries read from `table` on a first visit."""
    return {
        path: sum(
            rows_read(plan, table)
            for plan in explained(first, analyze=True)
            if not isinstance(plan, str)
        )
        for path, (first,) in visits(client, site, 1).items()
    }


# Feeds list every talk in their window by design; the coordinator's dashboard counts
# the talks for its page numbers; a search ranks every talk it matches, and "ketamine"
# is in every talk's title. Every other page reads a page's worth of talks.
LISTS_EVERY_TALK = {
    "/search/?q=ketamine",
    "/calendar.ics",
    "/topics/ptsd/calendar.ics",
    "/series/monthly/calendar.ics",
    "/coordinate/",
}


def test_no_page_reads_more_rsvps_or_talks_as_the_data_grows(client, site):
    grow(SMALL, topic=site["topic"], series=site["series"])
    small_rsvps, small_talks = (
        rows_read_by(client, site, t) for t in ("events_rsvp", "events_talk")
    )
    grow(LARGE, topic=site["topic"], series=site["series"])
    large_rsvps, large_talks = (
        rows_read_by(client, site, t) for t in ("events_rsvp", "events_talk")
    )

    assert large_rsvps == small_rsvps
    # Twelve times the talks; a page's reads may differ by the odd row at an edge (the
    # latest talk to leave a feed's window exists only in the larger data), never more.
    grown = {
        path: (small_talks[path], large_talks[path])
        for path in small_talks
        if path not in LISTS_EVERY_TALK and large_talks[path] > small_talks[path] + 1
    }
    assert grown == {}
