"""`make bench`: the service under load on PostgreSQL, as a ratio to a constant view.

One run: a fresh database seeded with `seed_demo` (timed), gunicorn started with
production's command (config/gunicorn.conf.py) serving bench.wsgi, a warm-up, then wrk
drives each scenario for a fixed time: the constant view first, the pages, feeds and the
RSVP mix, the constant view again (so drift shows). SQL queries per request are counted
in this process on the same database; oversold talks are counted after the RSVP mix; the
impact dashboard is timed in this process (bench/impact.py); the reminder fan-out runs
last. The report replaces the generated section of docs/benchmarks.md (or, with
--smoke, goes to a temporary file).

    .venv/bin/python -m bench.run [--smoke] [--report PATH] [--keep-database]

BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/community_talks_bench;
dropped and re-created), BENCH_CACHE_URL (redis://127.0.0.1:6379/12; emptied) and
BENCH_PORT (8301) say where. Exits non-zero when the harness breaks (a scenario cannot
run, gunicorn does not start, a GET answers an error), never because of a ratio.
"""

import argparse
import http.client
import json
import os
import random
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench import members as people
from bench import wrk
from bench.environment import (
    Place,
    SetupError,
    cache_empty,
    database_drop,
    database_recreate,
    run_environment,
)
from bench.machine import machine, versions
from bench.queries import Probe, queries_of
from bench.report import Outcome, Results, document_update, plot, section
from bench.scenarios import FULL, SMOKE, Scenario, Sizes, baseline, get_scenarios, rsvp_scenario
from bench.server import Server, ServerError, gunicorn

ROOT = Path(__file__).resolve().parents[1]
DOCUMENT = ROOT / "docs" / "benchmarks.md"
STARTED = time.monotonic()


def say(message: str) -> None:
    print(f"[{time.monotonic() - STARTED:5.0f} s] {message}", flush=True)


def manage(place: Place, *arguments: str, debug: bool = False) -> float:
    """Run a manage.py command in the run's environment; returns the seconds it took."""
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=run_environment(place, debug=debug),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if done.returncode != 0:
        raise SetupError(f"manage.py {' '.join(arguments)} failed:\n{done.stderr[-3000:]}")
    return time.perf_counter() - began


def django_setup(place: Place) -> None:
    """Django in this process, on the run's database and cache, serving bench.urls."""
    os.environ.update(run_environment(place), DJANGO_SETTINGS_MODULE="config.settings")
    import django

    django.setup()
    from django.conf import settings

    settings.ROOT_URLCONF = "bench.urls"


def fetch(place: Place, path: str, headers: dict | None = None) -> tuple[int, dict, int]:
    """(status, headers, body size) of one request to the running server."""
    connection = http.client.HTTPConnection("127.0.0.1", place.port, timeout=60)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        size = len(response.read())
        return response.status, {k.lower(): v for k, v in response.getheaders()}, size
    finally:
        connection.close()


def describe(status: int, headers: dict, size: int, scenario: Scenario) -> str:
    text = f"{status}, {size:,} bytes"
    if "Accept-Encoding" in scenario.headers:
        text += f", {headers.get('content-encoding', 'not compressed')}"
    return text


def drive(
    place: Place, server: Server, scenario: Scenario, seconds: float, failures: list
) -> Outcome:
    """One wrk run of `scenario`. A failure of the scenario is added to `failures`; a
    server that stopped raises ServerError (nothing after it could be measured)."""
    outcome = Outcome(scenario)
    try:
        if scenario.get:
            status, headers, size = fetch(place, scenario.path, scenario.headers)
            outcome.response = describe(status, headers, size, scenario)
            if status >= 400:
                failures.append(f"{scenario.key}: {scenario.path} answered {status}")
        outcome.load = wrk.run(
            place.site_url + scenario.path,
            seconds=seconds,
            connections=scenario.connections,
            threads=scenario.threads,
            headers=scenario.headers,
            lines=scenario.lines,
        )
    except (wrk.WrkError, subprocess.TimeoutExpired, OSError) as error:
        server.check()
        outcome.error = str(error).splitlines()[0]
        failures.append(f"{scenario.key}: {error}")
        return outcome
    server.check()
    load = outcome.load
    if load.requests == 0:
        failures.append(f"{scenario.key}: no request completed")
    if scenario.get and load.status_errors:
        failures.append(f"{scenario.key}: {load.status_errors} responses not 2xx/3xx")
    say(
        f"{scenario.key:12} {load.requests_per_second:9.1f} req/s  p50 {load.p50_ms:7.1f} ms  "
        f"p95 {load.p95_ms:7.1f} ms  p99 {load.p99_ms:7.1f} ms  errors "
        f"{load.status_errors}/{load.socket_errors}"
    )
    return outcome


def prepare(place: Place, sizes: Sizes, results: Results) -> None:
    say(f"database {place.database_name}: re-created; Redis {place.cache_url}: emptied")
    cache_empty(place)
    database_recreate(place)
    manage(place, "migrate", "--noinput", "-v0")
    say(f"seed_demo --talks {sizes.talks} --rsvps-per-talk {sizes.rsvps_per_talk}")
    results.seeding_seconds = manage(
        place,
        "seed_demo",
        f"--talks={sizes.talks}",
        f"--rsvps-per-talk={sizes.rsvps_per_talk}",
        debug=True,  # seed_demo refuses with DEBUG off (its logins have a known password)
    )
    say(f"seeded in {results.seeding_seconds:.1f} s")
    manage(place, "collectstatic", "--noinput", "-v0")  # DEBUG off serves the manifest


def talk_lines(path: Path) -> str:
    """Every listed talk's page, shuffled, one per line; returns the first."""
    from events.models import Talk

    slugs = list(Talk.objects.listed().values_list("slug", flat=True))
    random.Random(10).shuffle(slugs)
    path.write_text("".join(f"/talks/{slug}/\n" for slug in slugs))
    return f"/talks/{slugs[0]}/"


def upcoming_talk_lines(path: Path, count: int = 200) -> None:
    """The pages of the next `count` upcoming talks, shuffled, one per line."""
    from django.utils import timezone

    from events.models import Talk

    upcoming = Talk.objects.upcoming(timezone.now()).values_list("slug", flat=True)[:count]
    slugs = list(upcoming)
    random.Random(11).shuffle(slugs)
    path.write_text("".join(f"/talks/{slug}/\n" for slug in slugs))


def rsvp_preparation(place: Place, sizes: Sizes, results: Results):
    """Members, their sessions and request lines; one more member for the query counts."""
    members = people.members_create(sizes.members + 1)
    counter, members = members[0], members[1:]
    talks = people.talks_for_rsvps(sizes.rsvp_talks + 4)
    counter_talks, talks = talks[:4], talks[4:]
    say(f"{len(members)} members; preparing {sizes.cancellations} RSVPs to cancel")
    lines = people.rsvp_mix_lines(members, talks, new=sizes.new_rsvps, cancels=sizes.cancellations)
    lines_path = place.workdir / "rsvp-mix.txt"
    lines_path.write_text("\n".join(lines) + "\n")
    results.rsvp = {
        "lines": len(lines),
        "new": sizes.new_rsvps,
        "cancellations": sizes.cancellations,
        "talks": len(talks),
        "members": len(members),
        "before": people.rsvp_statuses(members),
    }
    return members, rsvp_scenario(lines_path), _rsvp_probes(counter, counter_talks)


def _rsvp_probes(member: people.Member, talks: list) -> dict:
    """For each RSVP request, two of its kind: one warms this process up, one is counted."""

    def new(talk):
        path = f"/talks/{talk.slug}/rsvp/"
        return Probe(path, data={"name": people.NAME, "companions": 0},
                     session_key=member.session_key)  # fmt: skip

    def cancel(talk):
        rsvp = people.rsvp_create_for(member, talk)
        return Probe(f"/me/rsvps/{rsvp.pk}/cancel/", data={}, session_key=member.session_key)

    return {"RSVP": [new(talks[0]), new(talks[1])], "cancel": [cancel(talks[2]), cancel(talks[3])]}


def count_queries(scenarios: list[Scenario], rsvp_probes: dict, results: Results) -> dict:
    """SQL queries of one request per scenario, after one more to warm this process up."""
    counts = {}
    for scenario in scenarios:
        probe = Probe(scenario.path, headers=scenario.headers)
        queries_of(probe)
        status, queries = queries_of(probe)
        counts[scenario.key] = str(queries)
        if status >= 400:
            results.failures.append(f"queries of {scenario.key}: answered {status}")
    rsvp = []
    for name, (warm_up, counted) in rsvp_probes.items():
        queries_of(warm_up)
        status, queries = queries_of(counted)
        rsvp.append(f"{name} {queries}")
        if status != 302:
            results.failures.append(f"queries of the {name} request: answered {status}")
    counts["rsvp_mix"] = ", ".join(rsvp)
    return counts


def under_load(place: Place, sizes: Sizes, results: Results) -> None:
    django_setup(place)
    results.versions = versions(wrk.version())
    members, mix, rsvp_probes = rsvp_preparation(place, sizes, results)
    talks_path = place.workdir / "talks.txt"
    sample_talk = talk_lines(talks_path)
    upcoming_path = place.workdir / "upcoming-talks.txt"
    upcoming_talk_lines(upcoming_path)
    with gunicorn(run_environment(place), place.port, place.workdir / "gunicorn.log") as server:
        say(f"gunicorn serving on {place.site_url}")
        etag = fetch(place, "/calendar.ics")[1].get("etag", "")
        if not etag:
            results.failures.append("/calendar.ics has no ETag: the 304 scenario cannot run")
        scenarios = get_scenarios(talks_path, sample_talk, upcoming_path, etag)
        say("warming up")
        for scenario in [baseline(), *scenarios]:
            drive(place, server, scenario, sizes.warm_up_seconds, failures=[])  # measured below
        counts = count_queries([baseline(), *scenarios], rsvp_probes, results)
        failures = results.failures
        results.baseline_before = drive(place, server, baseline(), sizes.seconds, failures)
        for scenario in [*scenarios, mix]:
            results.outcomes.append(drive(place, server, scenario, sizes.seconds, failures))
        results.baseline_after = drive(place, server, baseline(), sizes.seconds, failures)
    for outcome in [results.baseline_before, results.baseline_after, *results.outcomes]:
        outcome.queries = counts.get(outcome.scenario.key, "n/a")
    results.outcomes[-1].response = "302 (redirect)"
    mix_load = results.outcomes[-1].load
    results.rsvp.update(
        requests=mix_load.requests if mix_load else 0,
        wrapped=bool(mix_load and mix_load.requests > results.rsvp["lines"]),
        after=people.rsvp_statuses(members),
        oversold=people.oversold_talks(),
        queries=counts["rsvp_mix"],
    )
    say(f"oversold talks: {results.rsvp['oversold']}")


def impact_dashboard(sizes: Sizes, results: Results) -> None:
    """The impact dashboard against the home page, in this process (bench/impact.py)."""
    from bench import impact

    say(f"impact dashboard: {sizes.impact_repeats} requests of each")
    try:
        results.impact = impact.measure(sizes.impact_repeats)
    except RuntimeError as error:
        results.impact_error = str(error)
        results.failures.append(f"impact dashboard: {error}")
        return
    say(f"impact dashboard {results.impact['dashboard']['median_ms']:.0f} ms median")


def fanout(place: Place, sizes: Sizes, results: Results) -> None:
    say(f"reminder fan-out: {sizes.fanout_reminders} reminders")
    environment = run_environment(place)
    environment["BENCH_DATABASE_URL"] = place.database_url
    done = subprocess.run(
        [sys.executable, "-m", "bench.fanout", f"--count={sizes.fanout_reminders}"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    marked = [line for line in done.stdout.splitlines() if line.startswith(wrk.MARK)]
    if done.returncode != 0 or not marked:
        output = (done.stderr or done.stdout or "no output").strip()
        results.fanout_error = output.splitlines()[-1]
        results.failures.append(f"reminder fan-out: {output[-2000:]}")
        return
    results.fanout = json.loads(marked[-1][len(wrk.MARK) :])
    say(f"fan-out ratio {results.fanout['ratio']:.3f}")


def command_line(smoke: bool) -> str:
    overrides = [
        f"{name}={shlex.quote(os.environ[name])}"
        for name in ("BENCH_DATABASE_URL", "BENCH_CACHE_URL", "BENCH_PORT")
        if name in os.environ
    ]
    if os.environ.get("MAKELEVEL"):
        command = "make bench" + (" BENCH_SMOKE=1" if smoke else "")
    else:
        command = "python -m bench.run" + (" --smoke" if smoke else "")
    return " ".join([*overrides, command])


def write_report(results: Results, report: Path | None) -> Path:
    if report is None:
        report = DOCUMENT
        if results.smoke or results.failures:  # docs/ gets only complete full runs
            report = Path(tempfile.mkdtemp(prefix="community-talks-bench-")) / "benchmarks.md"
    picture = report.with_suffix(".png")
    plot(results, picture)
    base = report if report.exists() else DOCUMENT
    report.write_text(document_update(base.read_text(), section(results, picture.name)))
    return report


def arguments(argv) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="tiny data, 2 s per scenario")
    parser.add_argument("--report", type=Path, help="write here instead (and the .png beside)")
    parser.add_argument("--keep-database", action="store_true", help="leave it, to look at")
    return parser.parse_args(argv)


def _stop_on_sigterm(signum, frame):
    raise KeyboardInterrupt  # runs every `finally`: gunicorn stops, the database goes


def main(argv=None) -> int:
    options = arguments(argv)
    sizes = SMOKE if options.smoke else FULL
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    results = Results(
        smoke=options.smoke,
        date=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        machine=machine(),
        versions={},
        command=command_line(options.smoke),
        sizes=sizes,
    )
    with tempfile.TemporaryDirectory(prefix="community-talks-bench-") as workdir:
        place = Place.from_environment(Path(workdir))
        try:
            prepare(place, sizes, results)
            under_load(place, sizes, results)
            impact_dashboard(sizes, results)
            fanout(place, sizes, results)
        except (SetupError, ServerError) as error:
            results.failures.append(str(error))
        finally:
            _clean_up(place, keep_database=options.keep_database)
        results.elapsed_seconds = time.monotonic() - STARTED
        for failure in results.failures:
            print(f"FAILED: {failure}", file=sys.stderr)
        report = write_report(results, options.report)
        server_log = place.workdir / "gunicorn.log"
        if results.failures and server_log.exists():
            shutil.copy(server_log, report.with_name("gunicorn.log"))
    say(f"report: {report}")
    return 1 if results.failures else 0


def _clean_up(place: Place, *, keep_database: bool) -> None:
    if "django" in sys.modules:
        from django.db import connections

        connections.close_all()
    try:
        cache_empty(place)
        if not keep_database:
            database_drop(place)
    except SetupError as error:
        print(f"clean-up: {error}", file=sys.stderr)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("interrupted: gunicorn stopped, the database dropped", file=sys.stderr)
        sys.exit(130)
