"""Calendar feed speed: the 5,000-talk /calendar.ics, full and 304, against a baseline.

Starts gunicorn (one sync worker) on loopback with the service and one extra view that
returns a static string, seeds 5,000 talks, and times requests to each through that
same server with one keep-alive client. Reported as ratios to the static view.

    .venv/bin/python bench/feed.py [--talks 5000]

Uses a fresh SQLite database in a temporary folder unless BENCH_DATABASE_URL is set.
"""

import argparse
import http.client
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prepare(environment: dict, talks: int) -> None:
    for command in (["migrate", "-v0"], ["seed_demo", f"--talks={talks}", "--rsvps-per-talk=0"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=environment,
            check=True,
            capture_output=True,
        )


def wait_for(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def timed(port: int, path: str, count: int, headers=None) -> tuple[float, int, dict]:
    """Seconds per request over `count` requests on one keep-alive connection."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    status, size, response_headers = 0, 0, {}
    began = time.perf_counter()
    for _ in range(count):
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        body = response.read()
        status, size = response.status, len(body)
        response_headers = dict(response.getheaders())
    elapsed = (time.perf_counter() - began) / count
    connection.close()
    return elapsed, status, {"bytes": size, **response_headers}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--talks", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=20)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        environment = {
            key: value
            for key, value in os.environ.items()
            if key not in {"CELERY_BROKER_URL", "DATABASE_URL"}
        }
        environment.update(
            VAR_DIR=workdir,
            DATABASE_URL=os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{workdir}/b.sqlite3"),
            LOG_LEVEL="WARNING",
        )
        prepare(environment, options.talks)
        results = measure(environment, options.requests)
        environment["CALENDAR_DOCUMENT_CACHE_ENTRIES"] = "0"
        pieces_only = measure(environment, options.requests)
    baseline = results["baseline"]
    print(f"feed: {results['bytes']:,} bytes; conditional request: {results['status_304']}")
    print(f"baseline (static string view): {baseline * 1000:8.2f} ms/request")
    for label, seconds, base in [
        ("full feed, first (cold caches)", results["cold"], baseline),
        ("full feed, document cached", results["full"], baseline),
        ("full feed, from cached VEVENTs", pieces_only["full"], pieces_only["baseline"]),
        ("304 Not Modified", results["not_modified"], baseline),
    ]:
        print(f"{label:32} {seconds * 1000:8.2f} ms  ratio {seconds / base:8.1f}")
    print(f"talks seeded: {options.talks}")


def measure(environment: dict, requests: int) -> dict:
    """Start gunicorn with `environment` and time each kind of request through it."""
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "bench.wsgi", "--workers", "1",
            "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
        ],
        cwd=ROOT,
        env=environment,
    )  # fmt: skip
    try:
        wait_for(port)
        cold, _status, first = timed(port, "/calendar.ics", 1)
        full, _, _ = timed(port, "/calendar.ics", requests)
        etag = {"If-None-Match": first["ETag"]}
        not_modified, status_304, _ = timed(port, "/calendar.ics", requests * 10, etag)
        baseline, _, _ = timed(port, "/bench/static.ics", requests * 10)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {
        "cold": cold,
        "full": full,
        "not_modified": not_modified,
        "baseline": baseline,
        "bytes": first["bytes"],
        "status_304": status_304,
    }


if __name__ == "__main__":
    main()
