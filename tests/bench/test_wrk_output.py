"""The benchmark harness reads wrk's summary and builds its command (no load is run)."""

from pathlib import Path

import pytest

from bench import wrk

OUTPUT = """\
Running 2s test @ http://127.0.0.1:8301/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   246.12ms   70.20ms 458.20ms   71.00%
  115 requests in 2.00s, 1.79MB read
  Non-2xx or 3xx responses: 3
Requests/sec:     57.50
Transfer/sec:    915.02KB
BENCH_JSON {"duration_us": 2000000, "requests": 115, "bytes": 1872775, \
"errors": {"connect": 0, "read": 1, "write": 0, "timeout": 2, "status": 3}, \
"latency_us": {"p50": 245700, "p95": 416500, "p99": 458200, "max": 458200}}
"""


def test_parse_reads_the_summary_line():
    result = wrk.parse(OUTPUT)

    assert result == wrk.LoadResult(
        requests=115,
        seconds=2.0,
        bytes=1872775,
        errors={"connect": 0, "read": 1, "write": 0, "timeout": 2, "status": 3},
        p50_ms=245.7,
        p95_ms=416.5,
        p99_ms=458.2,
        max_ms=458.2,
    )
    assert (result.requests_per_second, result.socket_errors, result.status_errors) == (
        57.5,
        3,
        3,
    )


def test_parse_without_a_summary_line_is_an_error():
    with pytest.raises(wrk.WrkError):
        wrk.parse("Running 2s test @ http://127.0.0.1:8301/\n")


def test_command_rotates_over_lines_with_one_offset_per_thread():
    command = wrk.wrk_command(
        "http://127.0.0.1:8301/",
        seconds=20,
        connections=50,
        threads=2,
        headers={"Accept-Encoding": "gzip"},
        lines=Path("lines.txt"),
    )

    assert command == [
        "wrk",
        "--threads=2",
        "--connections=50",
        "--duration=20s",
        "--timeout=10s",
        f"--script={wrk.SCRIPT}",
        "--header=Accept-Encoding: gzip",
        "http://127.0.0.1:8301/",
        "--",
        "lines.txt",
        "2",
    ]


def test_command_sends_load_to_loopback_only():
    with pytest.raises(ValueError, match=r"127\.0\.0\.1 only"):
        wrk.wrk_command("http://example.org/", seconds=2, connections=16, threads=2)
