"""The impact dashboard (issue #13) for `make bench`: its requests, timed in the
harness's own process on the run's seeded database, as a ratio to the home page timed
the same way in the same run.

Both go through Django's test client as one logged-in coordinator, one request at a
time after one warm-up each, so the ratio compares the views, not the network or
gunicorn's workers. The dashboard's figures are aggregate queries over every talk held
and their RSVPs: this measures what they cost on `seed_demo --talks 5000`. The baseline
is the home page as that coordinator sees it: rendered for them (the page cache keeps
pages for people who are not logged in only), with its list of upcoming talks.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/scratch_bench \
      python -m bench.impact --talks 5000 --repeats 20     # seeds what is missing
"""

import argparse
import json
import statistics
import tempfile
import time

from bench.wrk import MARK

PATHS = {
    "home": "/",
    "dashboard": "/coordinate/impact/",
    "dashboard_filtered": "/coordinate/impact/?format=in_person&since=2000-01-01",
    "csv": "/coordinate/impact.csv",
}


def _coordinator_client():
    from django.conf import settings
    from django.contrib.auth.models import Group
    from django.test import Client

    from bench.members import members_create

    member = members_create(1, prefix=f"bench-coordinator-{time.monotonic_ns()}")[0]
    member.user.groups.add(Group.objects.get(name=settings.COORDINATORS_GROUP))
    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies[settings.SESSION_COOKIE_NAME] = member.session_key
    return client


def _timed(client, path: str, repeats: int) -> list[float]:
    """Milliseconds of `repeats` requests, after one to warm up; raises on an error."""
    times = []
    for _ in range(repeats + 1):
        began = time.perf_counter()
        response = client.get(path)
        elapsed = (time.perf_counter() - began) * 1000
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
        times.append(elapsed)
    return times[1:]


def measure(repeats: int) -> dict:
    """Median and slowest ms of each path, and the dashboard's ratio to the home page
    (home ms ÷ dashboard ms: requests per second as a share of the home page's)."""
    from events.models import Talk

    client = _coordinator_client()
    result = {"repeats": repeats, "talks": Talk.objects.count()}
    for key, path in PATHS.items():
        times = _timed(client, path, repeats)
        result[key] = {"median_ms": statistics.median(times), "max_ms": max(times)}
    home = result["home"]["median_ms"]
    result["ratio"] = home / result["dashboard"]["median_ms"]
    result["ratio_filtered"] = home / result["dashboard_filtered"]["median_ms"]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--talks", type=int, default=5000)
    parser.add_argument("--rsvps-per-talk", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=20)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        from bench.in_process import configure

        configure(workdir)
        from events.demo import demo_seed

        demo_seed(talks=options.talks, rsvps_per_talk=options.rsvps_per_talk)
        print(MARK + json.dumps(measure(options.repeats)))


if __name__ == "__main__":
    main()
